//! Paginators against loopback servers that page: every page read once, in
//! order, until an empty or short page or the total; a server that never
//! ends stops with an error after the configured number of pages.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use identity_sdk::genauth::{ListGroupMembersRequest, ManagementClient, ManagementClientOptions};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::genauth_token_server;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LIST_PATH: &str = "/api/v3/list-group-members";

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

fn user(i: i64) -> Value {
    json!({
        "userId": format!("u-{i}"), "createdAt": "2022-07-03T02:20:30.000Z",
        "updatedAt": "2022-07-03T02:20:30.000Z", "status": "Activated", "workStatus": "Active",
        "gender": "U", "emailVerified": false, "phoneVerified": false, "userSourceType": "excel"
    })
}

/// Answers page `page` of `limit` with users numbered from `(page - 1) * limit`.
struct Pager {
    /// The users there are; `None`: always a full page, and a total that grows.
    users: Option<i64>,
    /// The page that fails (HTTP 400, not retried).
    failing: Option<i64>,
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<i64>().ok())
        };
        let (page, limit) = (query("page").unwrap_or(1), query("limit").unwrap_or(10));
        if self.failing == Some(page) {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"statusCode": 400, "message": "bad page", "apiCode": 1}));
        }
        let first = (page - 1) * limit;
        let (last, total) = match self.users {
            Some(n) => (n.min(first + limit), n),
            None => (first + limit, first + 2 * limit),
        };
        let list: Vec<Value> = (first..last.max(first)).map(user).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "requestId": format!("page-{page}"),
            "data": {"list": list, "totalCount": total}
        }))
    }
}

async fn serve(pager: Pager) -> (MockServer, ManagementClient) {
    let server = genauth_token_server().await;
    Mock::given(path(LIST_PATH))
        .respond_with(pager)
        .mount(&server)
        .await;
    let options = ManagementClientOptions::new("key-id", "key-secret")
        .host(server.uri())
        .retry(RetryConfig {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        });
    (server, ManagementClient::new(options).expect("client"))
}

/// The `page` of each list request the server received, in order.
async fn pages_asked(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .filter(|r| r.url.path() == LIST_PATH)
        .map(|r| {
            let page = r.url.query_pairs().find(|(k, _)| k == "page");
            page.map_or("-".into(), |(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn pages_are_read_in_order_until_the_short_last_one() {
    let (server, client) = serve(Pager {
        users: Some(5),
        failing: None,
    })
    .await;
    let request = ListGroupMembersRequest::new("g").limit(2);
    let mut pages = client.list_group_members_pages(request);
    let mut ids = Vec::new();
    while let Some(page) = next(&mut pages).await {
        let page = page.expect("a page");
        ids.push(page.request_id().unwrap().to_owned());
    }
    assert_eq!(ids, ["page-1", "page-2", "page-3"]);
    assert_eq!(pages_asked(&server).await, ["-", "2", "3"]);
    assert!(next(&mut pages).await.is_none(), "stays ended");
}

#[tokio::test]
async fn items_come_one_by_one_across_pages_from_the_requested_page_on() {
    let (server, client) = serve(Pager {
        users: Some(7),
        failing: None,
    })
    .await;
    let request = ListGroupMembersRequest::new("g").page(2).limit(2);
    let mut items = client.list_group_members_items(request);
    let mut ids = Vec::new();
    while let Some(user) = next(&mut items).await {
        ids.push(user.expect("an item").user_id);
    }
    assert_eq!(ids, ["u-2", "u-3", "u-4", "u-5", "u-6"]);
    assert_eq!(pages_asked(&server).await, ["2", "3", "4"]);
}

#[tokio::test]
async fn the_total_ends_a_listing_of_full_pages() {
    let (server, client) = serve(Pager {
        users: Some(4),
        failing: None,
    })
    .await;
    let mut items = client.list_group_members_items(ListGroupMembersRequest::new("g").limit(2));
    let mut n = 0;
    while let Some(item) = next(&mut items).await {
        item.unwrap();
        n += 1;
    }
    assert_eq!(n, 4);
    assert_eq!(pages_asked(&server).await.len(), 2, "no third, empty page");
}

#[tokio::test]
async fn a_listing_that_never_ends_stops_with_an_error_after_max_pages() {
    let (server, client) = serve(Pager {
        users: None,
        failing: None,
    })
    .await;
    let request = ListGroupMembersRequest::new("g").limit(3);
    let mut pages = client.list_group_members_pages(request).max_pages(4);
    for _ in 0..4 {
        next(&mut pages).await.unwrap().expect("a page");
    }
    match next(&mut pages).await {
        Some(Err(Error::TooManyPages { operation, pages })) => {
            assert_eq!((operation, pages), ("listGroupMembers", 4));
        }
        other => panic!("expected TooManyPages, got {other:?}"),
    }
    assert!(next(&mut pages).await.is_none());
    assert_eq!(pages_asked(&server).await.len(), 4);
}

#[tokio::test]
async fn an_error_ends_the_listing_after_the_pages_before_it() {
    let (_server, client) = serve(Pager {
        users: Some(10),
        failing: Some(2),
    })
    .await;
    let mut items = client.list_group_members_items(ListGroupMembersRequest::new("g").limit(2));
    assert_eq!(next(&mut items).await.unwrap().unwrap().user_id, "u-0");
    assert_eq!(next(&mut items).await.unwrap().unwrap().user_id, "u-1");
    let err = next(&mut items).await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(next(&mut items).await.is_none());
}
