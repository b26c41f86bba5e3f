//! The reply of an operation whose service wraps every reply in an
//! envelope: GenAuth's `statusCode`, `message`, `apiCode` and `requestId`
//! around the operation's `data`.
//!
//! One generic type instead of a struct per operation: the envelope is
//! written, decoded and documented once, and an operation's response type
//! is an alias naming its data (`GetUserResponse = Response<UserDto>`).

use std::any::TypeId;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess};
use serde::ser::SerializeMap;
use serde::Serialize;

use super::decode::{JsonString, OneOrMany};
use super::object::{Decode, Encode, Entries, Fields};
use super::UnknownFields;

/// An operation's reply: its `data`, and the envelope's status, message and
/// request ID through accessors.
///
/// `T` is the data the operation's documents describe; `()` for operations
/// documented without data (a `data` the server sends anyway is kept with
/// [`Response::unknown_fields`]). `D` is how `data` is read: as typed, or
/// leniently where the documents contradict themselves about a list (see
/// [`ReadData`]). A reply whose status code is not a success never gets
/// here: the call returns [`Error::Api`](crate::Error::Api) instead.
#[non_exhaustive]
pub struct Response<T, D = AsTyped> {
    /// The operation's data; `None` when the reply carries none.
    pub data: Option<T>,
    status_code: i64,
    message: Option<String>,
    api_code: Option<i64>,
    request_id: Option<String>,
    unknown_fields: UnknownFields,
    read: PhantomData<fn() -> D>,
}

/// A response that carries the ID the server gave its request: quote it
/// when asking the vendor's support about a call. Every operation's
/// response implements it (as does [`Error`](crate::Error)).
pub trait RequestId {
    /// The request ID, when the server sent one.
    fn request_id(&self) -> Option<&str>;
}

impl<T, D> RequestId for Response<T, D> {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// How [`Response`] reads `data`.
pub trait ReadData<T> {
    /// Reads the value of `data` into `slot`.
    fn read<'de, A: MapAccess<'de>>(f: &mut Fields<'de, A>, slot: &mut Option<T>);
}

/// `data` read as its type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AsTyped;

impl<T: DeserializeOwned> ReadData<T> for AsTyped {
    fn read<'de, A: MapAccess<'de>>(f: &mut Fields<'de, A>, slot: &mut Option<T>) {
        f.optional(slot)
    }
}

impl<T: DeserializeOwned> ReadData<Vec<T>> for OneOrMany {
    fn read<'de, A: MapAccess<'de>>(f: &mut Fields<'de, A>, slot: &mut Option<Vec<T>>) {
        f.optional_with(slot, OneOrMany)
    }
}

impl<T: DeserializeOwned> ReadData<Vec<T>> for JsonString {
    fn read<'de, A: MapAccess<'de>>(f: &mut Fields<'de, A>, slot: &mut Option<Vec<T>>) {
        f.optional_with(slot, JsonString)
    }
}

impl<T, D> Response<T, D> {
    /// A successful reply (status code 200) carrying `data`, for tests and
    /// test doubles.
    pub fn new(data: impl Into<Option<T>>) -> Self {
        Response {
            data: data.into(),
            status_code: 200,
            message: None,
            api_code: None,
            request_id: None,
            unknown_fields: UnknownFields::default(),
            read: PhantomData,
        }
    }

    /// The data, leaving the envelope.
    pub fn into_data(self) -> Option<T> {
        self.data
    }

    /// The business status code; 200 on success.
    pub fn status_code(&self) -> i64 {
        self.status_code
    }

    /// The server's description of the result.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The segmented error code, which successful replies mostly leave out.
    pub fn api_code(&self) -> Option<i64> {
        self.api_code
    }

    /// The ID the server gave the request: quote it when asking the
    /// vendor's support about a call.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Fields of the reply that neither the envelope nor the documents
    /// describe, kept so that re-encoding loses nothing.
    pub fn unknown_fields(&self) -> &UnknownFields {
        &self.unknown_fields
    }

    /// Sets the status code.
    #[must_use]
    pub fn with_status_code(mut self, status_code: i64) -> Self {
        self.status_code = status_code;
        self
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the API code.
    #[must_use]
    pub fn with_api_code(mut self, api_code: i64) -> Self {
        self.api_code = Some(api_code);
        self
    }

    /// Sets the request ID.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
}

impl<T, D> Default for Response<T, D> {
    fn default() -> Self {
        Response::new(None)
    }
}

impl<T: Clone, D> Clone for Response<T, D> {
    fn clone(&self) -> Self {
        Response {
            data: self.data.clone(),
            status_code: self.status_code,
            message: self.message.clone(),
            api_code: self.api_code,
            request_id: self.request_id.clone(),
            unknown_fields: self.unknown_fields.clone(),
            read: PhantomData,
        }
    }
}

impl<T: PartialEq, D> PartialEq for Response<T, D> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
            && self.status_code == other.status_code
            && self.message == other.message
            && self.api_code == other.api_code
            && self.request_id == other.request_id
            && self.unknown_fields == other.unknown_fields
    }
}

impl<T: fmt::Debug, D> fmt::Debug for Response<T, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("data", &self.data)
            .field("status_code", &self.status_code)
            .field("message", &self.message)
            .field("api_code", &self.api_code)
            .field("request_id", &self.request_id)
            .field("unknown_fields", &self.unknown_fields)
            .finish()
    }
}

impl<T: DeserializeOwned + 'static, D: ReadData<T>> Decode for Response<T, D> {
    const FIELDS: &'static [&'static str] =
        &["statusCode", "message", "apiCode", "requestId", "data"];

    fn decode<'de, A: MapAccess<'de>>(mut f: Fields<'de, A>) -> Result<Self, A::Error> {
        // An operation documented without data keeps whatever `data` comes.
        let no_data = TypeId::of::<T>() == TypeId::of::<()>();
        let (mut status_code, mut message, mut api_code, mut request_id, mut data) =
            (None, None, None, None, None);
        while let Some(i) = f.next()? {
            match i {
                0 => f.required(&mut status_code),
                1 => f.optional(&mut message),
                2 => f.optional(&mut api_code),
                3 => f.optional(&mut request_id),
                4 if no_data => f.keep(),
                4 => D::read(&mut f, &mut data),
                _ => {}
            }
        }
        let Some(status_code) = status_code else {
            return Err(f.missing(&[0]));
        };
        Ok(Response {
            data,
            status_code,
            message,
            api_code,
            request_id,
            unknown_fields: f.finish(),
            read: PhantomData,
        })
    }
}

impl<T: Serialize, D> Encode for Response<T, D> {
    fn encode<'a, M: SerializeMap>(&'a self, e: &mut Entries<'a, M>) {
        e.unknown(&self.unknown_fields);
        e.required("statusCode", &self.status_code);
        e.optional("message", &self.message);
        e.optional("apiCode", &self.api_code);
        e.optional("requestId", &self.request_id);
        e.optional("data", &self.data);
    }
}

impl<'de, T: DeserializeOwned + 'static, D: ReadData<T>> serde::Deserialize<'de>
    for Response<T, D>
{
    fn deserialize<De: serde::Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        super::object::deserialize(deserializer)
    }
}

impl<T: Serialize, D> Serialize for Response<T, D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::object::serialize(self, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Thing {
        id: String,
    }

    #[test]
    fn the_envelope_is_read_around_the_data() {
        let body = r#"{"statusCode":200,"message":"ok","requestId":"r-1","data":{"id":"a"}}"#;
        let r: Response<Thing> = serde_json::from_str(body).unwrap();
        assert_eq!(r.data, Some(Thing { id: "a".into() }));
        assert_eq!(r.status_code(), 200);
        assert_eq!(r.message(), Some("ok"));
        assert_eq!(r.api_code(), None);
        assert_eq!(r.request_id(), Some("r-1"));
        assert_eq!(serde_json::to_string(&r).unwrap(), body);
    }

    #[test]
    fn unknown_fields_and_explicit_nulls_come_back() {
        let body = r#"{"statusCode":200,"data":null,"extra":[1,2]}"#;
        let r: Response<Thing> = serde_json::from_str(body).unwrap();
        assert_eq!(r.data, None);
        assert_eq!(r.unknown_fields().get("extra"), Some(&json!([1, 2])));
        let back: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert_eq!(
            back,
            json!({"statusCode": 200, "data": null, "extra": [1, 2]})
        );
    }

    #[test]
    fn data_an_operation_has_none_of_is_kept_not_refused() {
        let body = r#"{"statusCode":200,"data":{"id":"a","n":12345678901234567890123}}"#;
        let r: Response<()> = serde_json::from_str(body).unwrap();
        assert_eq!(r.data, None);
        assert!(r.unknown_fields().contains_key("data"));
        assert_eq!(serde_json::to_string(&r).unwrap(), body);
    }

    #[test]
    fn a_missing_status_code_or_bad_data_is_an_error_naming_it() {
        let err = serde_json::from_str::<Response<Thing>>(r#"{"data":{"id":"a"}}"#).unwrap_err();
        assert!(
            err.to_string().contains("missing field `statusCode`"),
            "{err}"
        );
        let err = serde_json::from_str::<Response<Thing>>(r#"{"statusCode":200,"data":{"id":7}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("data"), "{err}");
    }

    #[test]
    fn lenient_data_reads_one_item_as_a_list() {
        let body = r#"{"statusCode":200,"data":{"id":"a"}}"#;
        let r: Response<Vec<Thing>, OneOrMany> = serde_json::from_str(body).unwrap();
        assert_eq!(r.data, Some(vec![Thing { id: "a".into() }]));
        assert!(serde_json::from_str::<Response<Vec<Thing>>>(body).is_err());
        let body = r#"{"statusCode":200,"data":"[{\"id\":\"b\"}]"}"#;
        let r: Response<Vec<Thing>, JsonString> = serde_json::from_str(body).unwrap();
        assert_eq!(r.data, Some(vec![Thing { id: "b".into() }]));
    }

    #[test]
    fn built_responses_read_back() {
        let r: Response<Thing> = Response::new(Thing { id: "a".into() })
            .with_request_id("r-2")
            .with_message("ok")
            .with_api_code(7);
        assert_eq!(r.request_id(), Some("r-2"));
        assert_eq!(r.status_code(), 200);
        let again: Response<Thing> =
            serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(again, r);
        assert_eq!(Response::<Thing>::default().data, None);
    }
}
