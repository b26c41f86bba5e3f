//! The clients against hostile servers on loopback: redirects that would
//! carry credentials elsewhere, token answers and replies with any status,
//! headers and body, envelopes that contradict themselves, secrets echoed
//! back, bodies too large or cut short. Every case ends by itself (bounded
//! retries, short timeouts) with a value or a typed error, never a panic.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use identity_sdk::eiam::{self, Credentials, GetSynchronizationJobRequest};
use identity_sdk::genauth::{GetUserIdentitiesRequest, ManagementClient, ManagementClientOptions};
use identity_sdk::genauth_authentication::{
    AuthenticationClient, AuthenticationClientOptions, GetProfileRequest,
};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::fault_server::{http, json, FaultServer, Received};
use identity_sdk_tests::{document_example, seeds_dir};
use proptest::prelude::*;
use serde_json::{json, Value};

const KEY_ID: &str = "6229ffaxxxxxxxxcade3e3d9";
const SECRET: &str = "the-access-key-secret-4ae78d3e";
const STS: &str = "CAIS-the-security-token-77f1";
const USER_TOKEN: &str = "user-access-token-8c1d";
const TOKEN_PATH: &str = "/api/v3/get-management-token";

fn retry() -> RetryConfig {
    RetryConfig {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

fn genauth(uri: &str) -> ManagementClient {
    let options = ManagementClientOptions::new(KEY_ID, SECRET)
        .host(uri)
        .timeout(Duration::from_secs(2))
        .retry(retry());
    ManagementClient::new(options).expect("client")
}

fn eiam_client(uri: &str) -> eiam::Client {
    let credentials = Credentials::new(KEY_ID, SECRET).security_token(STS);
    let options = eiam::ClientOptions::new(credentials, "cn-hangzhou")
        .endpoint(uri)
        .timeout(Duration::from_secs(2))
        .retry(retry());
    eiam::Client::new(options).expect("client")
}

fn authn(uri: &str) -> AuthenticationClient {
    let options = AuthenticationClientOptions::new("app-1", uri)
        .access_token(USER_TOKEN)
        .timeout(Duration::from_secs(2))
        .retry(retry());
    AuthenticationClient::new(options).expect("client")
}

fn seed(name: &str) -> Value {
    let text = std::fs::read_to_string(seeds_dir().join(name)).expect("seed document");
    document_example(&text).expect("example")
}

fn jwt() -> String {
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.sig",
        b64(json!({"alg": "HS256"})),
        b64(json!({"scoped_userpool_id": "pool-1"}))
    )
}

fn token_answer(expires_in: Value) -> Vec<u8> {
    json(
        &json!({"statusCode": 200, "message": "", "data": {"access_token": jwt(), "expires_in": expires_in}}),
    )
}

fn identities() -> GetUserIdentitiesRequest {
    GetUserIdentitiesRequest::new("user-1")
}

fn job() -> GetSynchronizationJobRequest {
    GetSynchronizationJobRequest::new("idaas_x", "sync_y")
}

/// Everything a printed error shows.
fn shown(e: &Error) -> String {
    format!("{e} {e:?}")
}

/// Runs `f` with a deadline: the suite's cases must end by themselves.
async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("the call did not end by itself")
}

mod redirects {
    use super::*;

    /// A server that answers every request with a redirect to `target`.
    async fn redirecting(status: u16, target: &FaultServer) -> FaultServer {
        let location = format!("{}/elsewhere?x=1", target.uri());
        FaultServer::start(move |_, _| http(status, &[("location", &location)], b"")).await
    }

    fn assert_redirect_error(e: Error, status: u16, elsewhere: &FaultServer) {
        match e {
            Error::Redirect {
                status: s,
                location,
                ..
            } => {
                assert_eq!(s, status);
                assert_eq!(location.as_deref(), Some(elsewhere.authority().as_str()));
            }
            other => panic!("expected a redirect error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_token_request_is_not_followed_and_the_secret_stays() {
        for status in [301, 302, 303, 307, 308] {
            let elsewhere = FaultServer::start(|_, _| json(&json!({}))).await;
            let origin = redirecting(status, &elsewhere).await;
            let e = bounded(genauth(&origin.uri()).get_user_identities(identities()))
                .await
                .unwrap_err();
            assert!(!shown(&e).contains(SECRET));
            assert_redirect_error(e, status, &elsewhere);
            assert_eq!(origin.received().len(), 1, "a redirect is not retried");
            assert!(elsewhere.received().is_empty(), "{status}: sent elsewhere");
        }
    }

    #[tokio::test]
    async fn genauth_calls_are_not_followed() {
        for status in [301, 302, 303, 307, 308] {
            let elsewhere = FaultServer::start(|_, _| json(&json!({}))).await;
            let location = format!("{}/x", elsewhere.uri());
            let origin = FaultServer::start(move |r, _| {
                if r.path() == TOKEN_PATH {
                    token_answer(json!(3600))
                } else {
                    http(status, &[("location", &location)], b"")
                }
            })
            .await;
            let e = bounded(genauth(&origin.uri()).get_user_identities(identities()))
                .await
                .unwrap_err();
            assert_redirect_error(e, status, &elsewhere);
            assert!(elsewhere.received().is_empty(), "{status}: sent elsewhere");
        }
    }

    #[tokio::test]
    async fn eiam_calls_are_not_followed_and_the_sts_token_stays() {
        for status in [301, 302, 303, 307, 308] {
            let elsewhere = FaultServer::start(|_, _| json(&json!({}))).await;
            let origin = redirecting(status, &elsewhere).await;
            let e = bounded(eiam_client(&origin.uri()).get_synchronization_job(job()))
                .await
                .unwrap_err();
            assert!(!shown(&e).contains(STS));
            assert_redirect_error(e, status, &elsewhere);
            assert!(elsewhere.received().is_empty(), "{status}: sent elsewhere");
            // What the origin got was signed with the STS token; nothing else did.
            assert_eq!(
                origin.received()[0].header("x-acs-security-token"),
                Some(STS)
            );
        }
    }

    #[tokio::test]
    async fn authentication_calls_are_not_followed() {
        let elsewhere = FaultServer::start(|_, _| json(&json!({}))).await;
        let origin = redirecting(307, &elsewhere).await;
        let e = bounded(authn(&origin.uri()).get_profile(GetProfileRequest::new()))
            .await
            .unwrap_err();
        assert_redirect_error(e, 307, &elsewhere);
        assert!(elsewhere.received().is_empty());
    }
}

mod envelopes {
    use super::*;

    /// A GenAuth server whose API answers are `body` (raw).
    async fn genauth_answering(body: &'static str) -> FaultServer {
        FaultServer::start(move |r, _| {
            if r.path() == TOKEN_PATH {
                token_answer(json!(3600))
            } else {
                http(
                    200,
                    &[("content-type", "application/json")],
                    body.as_bytes(),
                )
            }
        })
        .await
    }

    #[tokio::test]
    async fn a_repeated_status_code_cannot_turn_an_error_into_a_success() {
        let server = genauth_answering(
            r#"{"statusCode":200,"message":"ok","data":[],"statusCode":403,"message":"forbidden","requestId":"r-1"}"#,
        )
        .await;
        let e = bounded(genauth(&server.uri()).get_user_identities(identities()))
            .await
            .unwrap_err();
        match e {
            Error::Api(api) => {
                assert_eq!(api.code, "403");
                assert_eq!(api.message, "forbidden");
                assert_eq!(api.request_id.as_deref(), Some("r-1"));
            }
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_500_with_an_integer_request_id_is_a_retried_api_error() {
        let server =
            genauth_answering(r#"{"statusCode":500,"message":"busy","requestId":12345}"#).await;
        let e = bounded(genauth(&server.uri()).get_user_identities(identities()))
            .await
            .unwrap_err();
        assert_eq!(e.request_id(), Some("12345"), "{e:?}");
        assert!(matches!(&e, Error::Api(api) if api.code == "500"), "{e:?}");
        let calls = server
            .received()
            .iter()
            .filter(|r| r.path() != TOKEN_PATH)
            .count();
        assert_eq!(calls, 3, "retried up to max_attempts");
    }

    #[tokio::test]
    async fn lenient_envelope_fields_still_make_an_api_error() {
        // statusCode as a string, apiCode as a float, message as a number.
        let server = genauth_answering(
            r#"{"statusCode":"400","apiCode":2004.0,"message":7,"requestId":"r-2"}"#,
        )
        .await;
        let e = bounded(genauth(&server.uri()).get_user_identities(identities()))
            .await
            .unwrap_err();
        match e {
            Error::Api(api) => {
                assert_eq!((api.code.as_str(), api.api_code), ("400", Some(2004)));
                assert_eq!(api.message, "7");
            }
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn eiam_error_bodies_are_read_leniently() {
        let server = FaultServer::start(|_, _| {
            http(
                400,
                &[("x-acs-request-id", "hdr-id")],
                br#"{"Code":404,"Message":"gone","RequestId":987}"#,
            )
        })
        .await;
        let e = bounded(eiam_client(&server.uri()).get_synchronization_job(job()))
            .await
            .unwrap_err();
        assert!(matches!(&e, Error::Api(api) if api.code == "404"), "{e:?}");
        assert_eq!(e.request_id(), Some("987"));
        // Without a request ID in the body, the header's is reported.
        let server = FaultServer::start(|_, _| {
            http(500, &[("x-acs-request-id", "hdr-id")], b"upstream down")
        })
        .await;
        let e = bounded(eiam_client(&server.uri()).get_synchronization_job(job()))
            .await
            .unwrap_err();
        assert_eq!(e.request_id(), Some("hdr-id"), "{e:?}");
    }
}

mod secrets {
    use super::*;

    fn echo(r: &Received) -> String {
        format!("{}\n{}", r.head, String::from_utf8_lossy(&r.body))
    }

    #[tokio::test]
    async fn a_plain_text_echo_of_the_token_request_shows_no_secret() {
        let server = FaultServer::start(|r, _| {
            http(400, &[("content-type", "text/plain")], echo(r).as_bytes())
        })
        .await;
        let e = bounded(genauth(&server.uri()).get_user_identities(identities()))
            .await
            .unwrap_err();
        let text = shown(&e);
        assert!(text.contains("HTTP 400"), "{text}");
        assert!(!text.contains(SECRET), "{text}");
    }

    #[tokio::test]
    async fn an_echo_of_a_call_shows_neither_the_secret_nor_the_token() {
        let token = jwt();
        let server = FaultServer::start(|r, _| {
            if r.path() == TOKEN_PATH {
                token_answer(json!(3600))
            } else {
                // The request's headers (with the bearer token) as an API error message.
                let message = json!({"statusCode": 400, "message": echo(r), "requestId": "r"});
                json(&message)
            }
        })
        .await;
        let e = bounded(genauth(&server.uri()).get_user_identities(identities()))
            .await
            .unwrap_err();
        let text = shown(&e);
        assert!(text.contains("get-user-identities"), "{text}");
        assert!(!text.contains(&token) && !text.contains(SECRET), "{text}");
    }

    #[tokio::test]
    async fn eiam_echoes_of_the_sts_token_are_hidden() {
        let server = FaultServer::start(|r, _| {
            http(500, &[("content-type", "text/html")], echo(r).as_bytes())
        })
        .await;
        let e = bounded(eiam_client(&server.uri()).get_synchronization_job(job()))
            .await
            .unwrap_err();
        let text = shown(&e);
        assert!(text.contains("HTTP 500"), "{text}");
        assert!(!text.contains(STS), "{text}");
    }

    #[tokio::test]
    async fn the_users_token_is_hidden_in_authentication_errors() {
        let server = FaultServer::start(|r, _| http(502, &[], echo(r).as_bytes())).await;
        let e = bounded(authn(&server.uri()).get_profile(GetProfileRequest::new()))
            .await
            .unwrap_err();
        let text = shown(&e);
        assert!(!text.contains(USER_TOKEN), "{text}");
    }
}

mod bodies {
    use super::*;

    fn eiam_limited(uri: &str, limit: usize) -> eiam::Client {
        let credentials = Credentials::new(KEY_ID, SECRET);
        let options = eiam::ClientOptions::new(credentials, "cn-hangzhou")
            .endpoint(uri)
            .timeout(Duration::from_secs(5))
            .retry(retry())
            .max_response_bytes(limit);
        eiam::Client::new(options).expect("client")
    }

    /// A body of `len` bytes sent chunked, so no length is announced.
    fn chunked(len: usize) -> Vec<u8> {
        let mut out =
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
        let mut left = len;
        while left > 0 {
            let n = left.min(8192);
            out.extend_from_slice(format!("{n:x}\r\n").as_bytes());
            out.extend(std::iter::repeat_n(b' ', n));
            out.extend_from_slice(b"\r\n");
            left -= n;
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_an_error_naming_it() {
        let limit = 64 << 10;
        let declared = FaultServer::start(move |_, _| http(200, &[], &vec![b' '; limit + 1])).await;
        let streamed = FaultServer::start(move |_, _| chunked(limit + 1)).await;
        for server in [&declared, &streamed] {
            let e = bounded(eiam_limited(&server.uri(), limit).get_synchronization_job(job()))
                .await
                .unwrap_err();
            assert!(
                matches!(e, Error::ResponseTooLarge { limit: l, .. } if l == limit),
                "{e:?}"
            );
            assert!(e.to_string().contains("max_response_bytes"), "{e}");
            assert_eq!(server.received().len(), 1, "not retried");
        }
        // At the limit exactly, the body is read (and here fails to decode).
        let at_limit = FaultServer::start(move |_, _| chunked(limit)).await;
        let e = bounded(eiam_limited(&at_limit.uri(), limit).get_synchronization_job(job()))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    }

    #[tokio::test]
    async fn a_body_cut_short_is_retried_like_a_connection_error() {
        let example = seed("003_f0a481d175445d75.txt").to_string();
        let server = FaultServer::start(move |_, n| {
            if n == 0 {
                // Announces the whole body, sends a tenth of it and hangs up.
                let mut cut = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    example.len()
                )
                .into_bytes();
                cut.extend_from_slice(&example.as_bytes()[..example.len() / 10]);
                cut
            } else {
                http(200, &[], example.as_bytes())
            }
        })
        .await;
        let found = bounded(eiam_limited(&server.uri(), 1 << 20).get_synchronization_job(job()))
            .await
            .expect("the retry succeeds");
        assert!(found.synchronization_job.is_some());
        assert_eq!(server.received().len(), 2);

        // Always cut: retried up to max_attempts, then a transport error.
        let always = FaultServer::start(|_, _| {
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n{\"Req".to_vec()
        })
        .await;
        let e = bounded(eiam_limited(&always.uri(), 1 << 20).get_synchronization_job(job()))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Transport { .. }), "{e:?}");
        assert_eq!(always.received().len(), 3);
    }
}

mod token_answers {
    use super::*;

    /// How many tokens two calls fetch when the token answer says `expires_in`.
    async fn tokens_for_two_calls(expires_in: Value) -> usize {
        let server = FaultServer::start(move |r, _| {
            if r.path() == TOKEN_PATH {
                token_answer(expires_in.clone())
            } else {
                json(&seed("004_7e2618903ce96fe9.txt"))
            }
        })
        .await;
        let client = genauth(&server.uri());
        for _ in 0..2 {
            bounded(client.get_user_identities(identities()))
                .await
                .expect("a value");
        }
        let received = server.received();
        received.iter().filter(|r| r.path() == TOKEN_PATH).count()
    }

    #[tokio::test]
    async fn a_huge_lifetime_is_capped_not_a_panic() {
        for expires_in in [
            json!(u64::MAX),
            json!(1e300),
            json!("18446744073709551616000"),
        ] {
            assert_eq!(tokens_for_two_calls(expires_in).await, 1, "cached");
        }
    }

    #[tokio::test]
    async fn a_zero_or_negative_lifetime_fetches_a_token_per_call() {
        for expires_in in [json!(0), json!(-5), json!("-1")] {
            assert_eq!(tokens_for_two_calls(expires_in).await, 2);
        }
    }

    /// Any JSON value, a few levels deep.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| json!(f)),
            ".{0,12}".prop_map(Value::from),
            "[0-9]{1,25}".prop_map(Value::from),
            "-[0-9]{1,25}".prop_map(Value::from),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// An access token: a JWT with any (or broken) claims, or any string.
    fn any_token() -> impl Strategy<Value = Value> {
        let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        prop_oneof![
            any_json().prop_map(move |claims| {
                let claims = json!({"scoped_userpool_id": claims}).to_string();
                Value::from(format!("h.{}.s", b64(claims.as_bytes())))
            }),
            prop::collection::vec(any::<u8>(), 0..40)
                .prop_map(move |bytes| Value::from(format!("h.{}.s", b64(&bytes)))),
            ".{0,20}".prop_map(Value::from),
            any_json(),
        ]
    }

    fn token_body() -> impl Strategy<Value = Value> {
        (any_token(), prop_oneof![any_json(), any::<u64>().prop_map(Value::from)], any_json(), any::<bool>())
            .prop_map(|(token, expires_in, status, with_status)| {
                let mut body = json!({"message": "", "data": {"access_token": token, "expires_in": expires_in}});
                if with_status {
                    body["statusCode"] = status;
                }
                body
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: identity_sdk_tests::proptest_cases(96), failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the token endpoint answers, a call ends with a value or a
        /// typed error, never a panic, and never shows the secret.
        #[test]
        fn any_token_answer_gives_a_value_or_an_error(body in token_body()) {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                let body = Arc::new(body);
                let server = FaultServer::start(move |r, _| {
                    if r.path() == TOKEN_PATH {
                        json(&body)
                    } else {
                        json(&seed("004_7e2618903ce96fe9.txt"))
                    }
                })
                .await;
                if let Err(e) = bounded(genauth(&server.uri()).get_user_identities(identities())).await {
                    assert!(!shown(&e).contains(SECRET));
                }
            });
        }
    }
}

mod replies {
    use super::*;

    /// A reply: status, headers a hostile server might send, and a body.
    fn any_reply() -> impl Strategy<Value = (u16, Vec<(String, String)>, Vec<u8>)> {
        let header = prop_oneof![
            "(-?[0-9]{1,22}|[a-zA-Z ,.]{0,10})".prop_map(|v| ("retry-after".to_owned(), v)),
            "(-?[0-9]{1,22}|[a-z]{0,5})".prop_map(|v| ("x-acs-retry-after".to_owned(), v)),
            "[ -~]{0,20}".prop_map(|v| ("x-authing-request-id".to_owned(), v)),
            "[ -~]{0,20}".prop_map(|v| ("x-acs-request-id".to_owned(), v)),
            "(application/json|text/plain|text/html|[a-z/]{0,10})"
                .prop_map(|v| ("content-type".to_owned(), v)),
            "(http://[a-z.]{1,10}(:[0-9]{1,5})?/x|[ -~]{0,12})"
                .prop_map(|v| ("location".to_owned(), v)),
        ];
        let envelope = (
            prop::option::of(prop_oneof![
                Just(json!(200)),
                (100i64..600).prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                "[0-9]{1,4}".prop_map(Value::from),
                Just(json!(null)),
                Just(json!(200.0))
            ]),
            prop::option::of(prop_oneof![
                ".{0,8}".prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                Just(json!({"a": 1}))
            ]),
            prop::option::of(prop_oneof![
                ".{0,8}".prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                Just(json!([1]))
            ]),
            any::<bool>(),
        )
            .prop_map(|(status, message, request_id, twice)| {
                let mut fields = Vec::new();
                for (key, value) in [
                    ("statusCode", status),
                    ("message", message.clone()),
                    ("Message", message),
                    ("requestId", request_id.clone()),
                    ("RequestId", request_id.clone()),
                    ("Code", request_id),
                ] {
                    if let Some(value) = value {
                        fields.push(format!("{}:{value}", Value::from(key)));
                    }
                }
                if twice {
                    fields.push(r#""statusCode":200"#.to_owned());
                }
                format!("{{{}}}", fields.join(",")).into_bytes()
            });
        let body = prop_oneof![
            envelope,
            prop::collection::vec(any::<u8>(), 0..64),
            Just(seed("004_7e2618903ce96fe9.txt").to_string().into_bytes()),
            Just(seed("003_f0a481d175445d75.txt").to_string().into_bytes()),
        ];
        (
            prop_oneof![200u16..=599, Just(200u16), 300u16..=399],
            prop::collection::vec(header, 0..4),
            body,
        )
    }

    fn answer((status, headers, body): &(u16, Vec<(String, String)>, Vec<u8>)) -> Vec<u8> {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        http(*status, &headers, body)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: identity_sdk_tests::proptest_cases(128), failure_persistence: None, ..ProptestConfig::default() })]

        /// Any status, headers and body, to both clients: a value or a typed
        /// error, in bounded time. A success is only ever a 2xx.
        #[test]
        fn any_reply_gives_a_value_or_an_error(reply in any_reply()) {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                let reply = Arc::new(reply);
                let for_genauth = Arc::clone(&reply);
                let genauth_server = FaultServer::start(move |r, _| {
                    if r.path() == TOKEN_PATH {
                        token_answer(json!(3600))
                    } else {
                        answer(&for_genauth)
                    }
                })
                .await;
                let for_eiam = Arc::clone(&reply);
                let eiam_server = FaultServer::start(move |_, _| answer(&for_eiam)).await;
                let ok_status = (200..300).contains(&reply.0);
                let genauth = bounded(genauth(&genauth_server.uri()).get_user_identities(identities())).await;
                let eiam = bounded(eiam_client(&eiam_server.uri()).get_synchronization_job(job())).await;
                for result in [genauth.map(|_| ()), eiam.map(|_| ())] {
                    match result {
                        Ok(()) => assert!(ok_status, "a success from HTTP {}", reply.0),
                        Err(e) => {
                            let text = shown(&e);
                            assert!(!text.contains(SECRET) && !text.contains(STS), "{text}");
                        }
                    }
                }
            });
        }
    }
}
