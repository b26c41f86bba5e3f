//! Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), as the vendor's
//! "request syntax and signature method V3" page and official SDKs define it.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name, first in `Authorization` and in the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// RFC 3986 percent-encoding with upper-case hex: only `A-Z a-z 0-9 - _ . ~`
/// stay as they are (so a space is `%20`, never `+`, and `*` is `%2A`).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The canonical query string: encoded `name=value` pairs sorted by name (then
/// value), joined by `&`; `name=` for an empty value. Sent on the wire as is.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (percent_encode(k), percent_encode(v)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// A form body (`application/x-www-form-urlencoded`) as the official
/// Python SDK writes one (`Form.to_form_string`): pairs sorted by name,
/// encoded like the query but a space as `+`.
pub fn form_body(params: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = params.iter().collect();
    pairs.sort();
    let form = |s: &str| percent_encode(s).replace("%20", "+");
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form(k), form(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is signed: the headers to sign are `host`, `content-type` when
/// present, and every `x-acs-*` header (names lower-case).
#[derive(Debug)]
pub struct SigningInput<'a> {
    /// HTTP method, upper-case.
    pub method: &'a str,
    /// The canonical URI (`/` for RPC-style APIs).
    pub path: &'a str,
    /// The canonical query string (see [`canonical_query`]).
    pub query: &'a str,
    /// Headers by lower-case name; only the signed ones are used.
    pub headers: &'a BTreeMap<String, String>,
    /// Hex SHA-256 of the body (`x-acs-content-sha256`).
    pub hashed_payload: &'a str,
}

impl SigningInput<'_> {
    fn signed(&self) -> impl Iterator<Item = (&String, &String)> {
        self.headers
            .iter()
            .filter(|(k, _)| *k == "host" || *k == "content-type" || k.starts_with("x-acs-"))
    }

    /// `a;b;c`: the signed header names, sorted.
    pub fn signed_headers(&self) -> String {
        self.signed()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The canonical request.
    pub fn canonical_request(&self) -> String {
        let headers: String = self
            .signed()
            .map(|(k, v)| format!("{k}:{}\n", v.trim()))
            .collect();
        format!(
            "{}\n{}\n{}\n{headers}\n{}\n{}",
            self.method,
            self.path,
            self.query,
            self.signed_headers(),
            self.hashed_payload
        )
    }

    /// The hex signature with `secret`.
    pub fn signature(&self, secret: &str) -> String {
        let string_to_sign = format!(
            "{ALGORITHM}\n{}",
            sha256_hex(self.canonical_request().as_bytes())
        );
        // HMAC-SHA256 takes keys of any length.
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
        mac.update(string_to_sign.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// The `Authorization` header value.
    pub fn authorization(&self, access_key_id: &str, secret: &str) -> String {
        format!(
            "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={}",
            self.signed_headers(),
            self.signature(secret)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn headers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn check(query: &[(&str, &str)], hdrs: &[(&str, &str)], canonical_hash: &str, signature: &str) {
        check_with_body(query, hdrs, EMPTY, canonical_hash, signature);
    }

    fn check_with_body(
        query: &[(&str, &str)],
        hdrs: &[(&str, &str)],
        hashed_payload: &str,
        canonical_hash: &str,
        signature: &str,
    ) {
        let query = canonical_query(&owned(query));
        let headers = headers(hdrs);
        let input = SigningInput {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            hashed_payload,
        };
        assert_eq!(
            sha256_hex(input.canonical_request().as_bytes()),
            canonical_hash
        );
        assert_eq!(input.signature("YourAccessKeySecret"), signature);
    }

    /// The vendor's published example (signature V3 page).
    #[test]
    fn vendor_published_vector() {
        check(
            &[
                (
                    "ImageId",
                    "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
                ),
                ("RegionId", "cn-shanghai"),
            ],
            &[
                ("host", "ecs.cn-shanghai.aliyuncs.com"),
                ("x-acs-action", "RunInstances"),
                ("x-acs-version", "2014-05-26"),
                ("x-acs-date", "2023-10-26T10:22:32Z"),
                ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                ("x-acs-content-sha256", EMPTY),
            ],
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
        );
    }

    fn eiam_headers(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut h = vec![
            ("host", "eiam.cn-hangzhou.aliyuncs.com"),
            ("x-acs-action", "GetSynchronizationJob"),
            ("x-acs-version", "2021-12-01"),
            ("x-acs-date", "2026-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", EMPTY),
        ];
        h.extend_from_slice(extra);
        h
    }

    const EIAM_QUERY: &[(&str, &str)] = &[
        (
            "SynchronizationJobId",
            "sync_0000347vjovtcf41li0fgsd98gn24q9njxxxxx",
        ),
        ("InstanceId", "idaas_ue2jvisn35ea5lmthk267xxxxx"),
    ];

    /// Computed with the vendor's official Python SDK (shared/REFERENCES.md).
    #[test]
    fn eiam_vector_from_the_official_sdk() {
        check(
            EIAM_QUERY,
            &eiam_headers(&[]),
            "e1c354ec514483b1f15f6399eea8a9118bac3ce1e5f6cafae15644efa0a26071",
            "39e3bb0191707d8dcc33ac858ec29976656630cf72558aff0fa6e21745369f13",
        );
    }

    #[test]
    fn eiam_vector_with_sts_token() {
        check(
            EIAM_QUERY,
            &eiam_headers(&[
                ("x-acs-accesskey-id", "YourAccessKeyId"),
                ("x-acs-security-token", "YourSecurityToken"),
            ]),
            "78a9ec9dd6e52ae04f3082ea3f7c00f992c6037f6eab4f4abfa90f1b652f0c09",
            "03647a1920f9a45c4ccd26e5f95105b9606cbbab5781cc1438171a8922d47663",
        );
    }

    /// Flattened parameters (`A.1.B`) in the query and `ClientToken` in a
    /// form body, as `CreateUser` sends them: the canonical request's hash
    /// and the signature computed with the official Python SDK's signer
    /// (`Utils.query`, `Utils.to_form`, `Utils.get_authorization` of
    /// alibabacloud_tea_openapi 0.4.6) for the same values and headers.
    #[test]
    fn eiam_vector_with_flattened_keys_and_a_form_body() {
        let form = form_body(&owned(&[("ClientToken", "token-1 a/b")]));
        assert_eq!(form, "ClientToken=token-1+a%2Fb");
        let payload = sha256_hex(form.as_bytes());
        assert_eq!(
            payload,
            "3c44245c857774774f6083c119f5e1b849116991437a991b4ca500cd3bf0d897"
        );
        let query = [
            ("InstanceId", "idaas_ue2jvisn35ea5lmthk267xxxxx"),
            ("CustomFields.1.FieldName", "age"),
            ("CustomFields.1.FieldValue", "30"),
            (
                "PasswordInitializationConfig.PasswordInitializationType",
                "random",
            ),
            (
                "PasswordInitializationConfig.UserNotificationChannels.1",
                "email",
            ),
            (
                "PasswordInitializationConfig.UserNotificationChannels.2",
                "sms",
            ),
            ("Username", "user 1"),
        ];
        assert_eq!(
            canonical_query(&owned(&query)),
            "CustomFields.1.FieldName=age&CustomFields.1.FieldValue=30\
             &InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx\
             &PasswordInitializationConfig.PasswordInitializationType=random\
             &PasswordInitializationConfig.UserNotificationChannels.1=email\
             &PasswordInitializationConfig.UserNotificationChannels.2=sms&Username=user%201"
        );
        check_with_body(
            &query,
            &[
                ("host", "eiam.cn-hangzhou.aliyuncs.com"),
                ("content-type", "application/x-www-form-urlencoded"),
                ("x-acs-action", "CreateUser"),
                ("x-acs-version", "2021-12-01"),
                ("x-acs-date", "2026-01-01T00:00:00Z"),
                ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                ("x-acs-content-sha256", &payload),
            ],
            &payload,
            "171a4e71be01e3d8a8545c48fdc6380ca8fdd5e4eba69f670489c0cbef4175e9",
            "650ac7d72f441004b8b21ed5a4800384a0ed6404c6e6231c351becfe689afa05",
        );
    }

    #[test]
    fn form_bodies_sort_and_encode_a_space_as_plus() {
        // `Utils.to_form({'ClientToken': 'a b~*/é', 'Alpha': ['x', 'y']})`.
        assert_eq!(
            form_body(&owned(&[
                ("ClientToken", "a b~*/é"),
                ("Alpha.1", "x"),
                ("Alpha.2", "y")
            ])),
            "Alpha.1=x&Alpha.2=y&ClientToken=a+b~%2A%2F%C3%A9"
        );
        assert_eq!(form_body(&[]), "");
    }

    #[test]
    fn percent_encoding_follows_rfc3986() {
        assert_eq!(
            percent_encode("a b*c~d/e+f=g&h:é!'()"),
            "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h%3A%C3%A9%21%27%28%29"
        );
        assert_eq!(percent_encode("用户"), "%E7%94%A8%E6%88%B7");
    }

    #[test]
    fn canonical_query_sorts_repeats_and_keeps_empty_values() {
        let q = |pairs: &[(&str, &str)]| {
            canonical_query(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            q(&[("b", "2"), ("a", "x y"), ("a", "1"), ("c", "")]),
            "a=1&a=x%20y&b=2&c="
        );
        assert_eq!(
            q(&[("Tag.1", "~ok"), ("Name", "张三")]),
            "Name=%E5%BC%A0%E4%B8%89&Tag.1=~ok"
        );
        assert_eq!(q(&[]), "");
    }

    #[test]
    fn only_host_content_type_and_acs_headers_are_signed() {
        let h = headers(&[
            ("host", "h"),
            ("x-acs-date", "d"),
            ("user-agent", "u"),
            ("content-type", "application/json"),
        ]);
        let input = SigningInput {
            method: "POST",
            path: "/",
            query: "",
            headers: &h,
            hashed_payload: EMPTY,
        };
        assert_eq!(input.signed_headers(), "content-type;host;x-acs-date");
        assert!(input.authorization("id", "s").starts_with(
            "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=content-type;host;x-acs-date,Signature="
        ));
    }
}
