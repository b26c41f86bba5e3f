//! What every generated request knows about its operation.

use std::fmt::{self, Write as _};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::secret::SecretString;

/// How an operation is called on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The service module, e.g. `genauth`.
    pub service: &'static str,
    /// The vendor's operation name, e.g. `getUserIdentities`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Request path.
    pub path: &'static str,
    /// The RPC `Action`, for RPC-style services.
    pub action: Option<&'static str>,
    /// The service's API version.
    pub version: &'static str,
    /// The service's default endpoint (`{region}` to be filled in).
    pub endpoint: &'static str,
    /// Safe to retry: reads are, writes are not unless the API says so.
    pub idempotent: bool,
}

/// A request type: it names its response and knows where its parameters go.
///
/// Generated requests implement it. How parameters are written (`query`,
/// `form`) is the runtime's machinery, hidden and free to change in any
/// release; each client writes them in its protocol's style.
pub trait Operation {
    /// The decoded response body.
    type Response: DeserializeOwned;
    /// How the operation is called.
    const INFO: OperationInfo;
    /// Writes the query parameters by wire name, in spec order; unset
    /// optional ones are left out.
    #[doc(hidden)]
    fn query(&self, query: &mut Query);
    /// The JSON body, for operations with body parameters.
    fn body(&self) -> Option<serde_json::Value>;
    /// Writes the body parameters of a protocol whose body is a form
    /// (Alibaba Cloud RPC), as `query` writes the query; none by default.
    #[doc(hidden)]
    fn form(&self, form: &mut Query) {
        let _ = form;
    }
}

/// How lists and objects become `name=value` pairs: the protocol's choice,
/// made by its client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// A list repeats its name (`ids=a&ids=b`), as GenAuth's official
    /// Python SDK sends it; an object has no such form (the generator
    /// refuses one in the query).
    Repeated,
    /// A list numbers its items from 1 and an object names its fields, at
    /// any depth (`Ids.1=a`, `Fields.1.Name=x`), as the Alibaba Cloud SDKs
    /// flatten parameters of `style: flat` (Python's `Utils.query`, Go's
    /// `openapiutil.Query`).
    Flat,
}

/// The `name=value` pairs of a request's query or form body, written by
/// [`QueryValue`]s in one [`QueryStyle`].
#[derive(Debug, Clone)]
pub struct Query {
    style: QueryStyle,
    /// The key of the value being written: its parameter's name and, in
    /// the flat style, the fields and item numbers down to it.
    key: String,
    pairs: Vec<(String, String)>,
}

impl Query {
    /// An empty query written in `style`.
    pub fn new(style: QueryStyle) -> Self {
        Query {
            style,
            key: String::new(),
            pairs: Vec::new(),
        }
    }

    /// The pairs `write` writes in `style`.
    pub fn collect(style: QueryStyle, write: impl FnOnce(&mut Query)) -> Vec<(String, String)> {
        let mut query = Query::new(style);
        write(&mut query);
        query.pairs
    }

    /// Writes `value` under `name`: a parameter's wire name or, inside an
    /// object, a field's (`Prefix.Name`).
    pub fn push<T: QueryValue + ?Sized>(&mut self, name: &str, value: &T) {
        self.under(name, value);
    }

    /// Writes a scalar's text under the current key.
    pub fn text(&mut self, text: String) {
        self.pairs.push((self.key.clone(), text));
    }

    /// Writes `value` under the current key and `segment`, joined by a dot.
    fn under<T: QueryValue + ?Sized>(&mut self, segment: impl fmt::Display, value: &T) {
        let len = self.key.len();
        if len > 0 {
            self.key.push('.');
        }
        // Writing to a `String` cannot fail.
        let _ = write!(self.key, "{segment}");
        value.push_query(self);
        self.key.truncate(len);
    }

    /// Writes a list's items: under its name again, or numbered from 1.
    fn items<T: QueryValue>(&mut self, items: &[T]) {
        for (i, item) in items.iter().enumerate() {
            match self.style {
                QueryStyle::Repeated => item.push_query(self),
                QueryStyle::Flat => self.under(i + 1, item),
            }
        }
    }
}

/// A value that can be sent as query parameter(s).
pub trait QueryValue {
    /// Writes the value's pairs under `query`'s current key (none for an
    /// unset option or an empty list).
    fn push_query(&self, query: &mut Query);
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push_query(&self, query: &mut Query) {
                query.text(self.to_string());
            }
        }
    )*};
}

// A `json` parameter is its JSON text in either style: the flat style
// flattens what the spec types, and a `json` value is what it does not.
display_query_value!(str, String, bool, i32, i64, f64, serde_json::Value);

impl QueryValue for SecretString {
    fn push_query(&self, query: &mut Query) {
        query.text(self.expose_secret().to_owned());
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_query(&self, query: &mut Query) {
        if let Some(value) = self {
            value.push_query(query);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_query(&self, query: &mut Query) {
        query.items(self);
    }
}

impl<T: QueryValue> QueryValue for Box<T> {
    fn push_query(&self, query: &mut Query) {
        (**self).push_query(query);
    }
}

/// Adds `value` to a JSON body under `name`, unless it is unset (`null`).
pub fn put_body<T: Serialize>(
    body: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: &T,
) {
    // Generated types always serialize; a failure would only drop the field.
    if let Ok(value) = serde_json::to_value(value) {
        if !value.is_null() {
            body.insert(name.to_owned(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written as the generator writes a struct's impl: each field by wire name.
    struct CustomField {
        field_name: String,
        field_value: Option<String>,
    }

    impl QueryValue for CustomField {
        fn push_query(&self, query: &mut Query) {
            query.push("FieldName", &self.field_name);
            query.push("FieldValue", &self.field_value);
        }
    }

    #[derive(Default)]
    struct PasswordConfig {
        kind: Option<String>,
        channels: Option<Vec<String>>,
    }

    impl QueryValue for PasswordConfig {
        fn push_query(&self, query: &mut Query) {
            query.push("PasswordInitializationType", &self.kind);
            query.push("UserNotificationChannels", &self.channels);
        }
    }

    fn field(name: &str, value: Option<&str>) -> CustomField {
        CustomField {
            field_name: name.into(),
            field_value: value.map(Into::into),
        }
    }

    /// `k=v&k=v`, unencoded, in the order written.
    fn flat(write: impl FnOnce(&mut Query)) -> String {
        joined(Query::collect(QueryStyle::Flat, write))
    }

    fn joined(pairs: Vec<(String, String)>) -> String {
        let pairs: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.join("&")
    }

    // The expected strings are what the official Python SDK's `Utils.query`
    // (alibabacloud_tea_openapi 0.4.6) returns for the same values built with
    // the EIAM 3.0.1 models (`CreateUserRequestCustomFields`...), but
    // booleans: Python writes `True`, this crate `true` as the Go SDK does.

    #[test]
    fn flat_scalars_are_their_text() {
        let text = flat(|q| {
            q.push("InstanceId", "idaas_x");
            q.push("MaxResults", &20_i64);
            q.push("Ratio", &1.5_f64);
        });
        assert_eq!(text, "InstanceId=idaas_x&MaxResults=20&Ratio=1.5");
    }

    #[test]
    fn flat_lists_of_scalars_are_numbered_from_one() {
        let ids = vec!["idaas_a".to_owned(), "idaas_b".to_owned()];
        assert_eq!(
            flat(|q| q.push("InstanceIds", &ids)),
            "InstanceIds.1=idaas_a&InstanceIds.2=idaas_b"
        );
    }

    #[test]
    fn flat_lists_of_objects_name_each_item_field() {
        let fields = vec![field("age", Some("30")), field("city", None)];
        assert_eq!(
            flat(|q| q.push("CustomFields", &fields)),
            "CustomFields.1.FieldName=age&CustomFields.1.FieldValue=30&CustomFields.2.FieldName=city"
        );
    }

    #[test]
    fn flat_objects_nest_with_lists_inside() {
        let config = Some(PasswordConfig {
            kind: Some("random".into()),
            channels: Some(vec!["email".into(), "sms".into()]),
        });
        assert_eq!(
            flat(|q| q.push("PasswordInitializationConfig", &config)),
            "PasswordInitializationConfig.PasswordInitializationType=random\
             &PasswordInitializationConfig.UserNotificationChannels.1=email\
             &PasswordInitializationConfig.UserNotificationChannels.2=sms"
        );
    }

    #[test]
    fn flat_booleans_are_lower_case() {
        assert_eq!(
            flat(|q| {
                q.push("EmailVerified", &true);
                q.push("PhoneNumberVerified", &false);
            }),
            "EmailVerified=true&PhoneNumberVerified=false"
        );
    }

    #[test]
    fn unset_optionals_and_empty_lists_write_nothing() {
        let text = flat(|q| {
            q.push("Description", &None::<String>);
            q.push("InstanceIds", &Vec::<String>::new());
            q.push("PasswordInitializationConfig", &PasswordConfig::default());
            q.push(
                "Partly",
                &PasswordConfig {
                    kind: Some("random".into()),
                    channels: None,
                },
            );
            q.push("InstanceId", "x");
        });
        assert_eq!(
            text,
            "Partly.PasswordInitializationType=random&InstanceId=x"
        );
    }

    #[test]
    fn json_is_its_text_in_either_style() {
        let filter = serde_json::json!({"Name": "a", "Tags": [1]});
        for style in [QueryStyle::Flat, QueryStyle::Repeated] {
            let pairs = Query::collect(style, |q| q.push("Filter", &filter));
            assert_eq!(joined(pairs), r#"Filter={"Name":"a","Tags":[1]}"#);
        }
    }

    #[test]
    fn repeated_lists_repeat_the_name() {
        let pairs = Query::collect(QueryStyle::Repeated, |q| {
            q.push("ids", &vec!["a".to_owned(), "b".to_owned()]);
            q.push("on", &true);
            q.push("none", &None::<i32>);
        });
        assert_eq!(joined(pairs), "ids=a&ids=b&on=true");
    }

    #[test]
    fn a_secret_is_sent_as_its_text() {
        let secret = SecretString::from("s3cret");
        assert_eq!(flat(|q| q.push("Password", &secret)), "Password=s3cret");
    }
}
