//! Paginators against loopback servers that page: every page read once, in
//! order, until an empty or short page or the total; a server that never
//! ends stops with an error after the configured number of pages.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use identity_sdk::genauth::{
    ListGroupMembersRequest, ListTenantsRequest, ListUsersOptionsDto, ListUsersRequest,
    ManagementClient, ManagementClientOptions, PaginationDto, SearchDepartmentsListRequest,
};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::genauth_token_server;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LIST_PATH: &str = "/api/v3/list-group-members";
/// listUsers: POST, paged by `options.pagination` in the JSON body.
const USERS_PATH: &str = "/api/v3/list-users";

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
#[derive(Default)]
struct Pager {
    /// The users there are; `None`: always a full page, and a total that grows.
    users: Option<i64>,
    /// The page that fails (HTTP 400, not retried).
    failing: Option<i64>,
    /// Writes item `i` (default: a user).
    item: Option<fn(i64) -> Value>,
    /// `data` is the list itself, with no total.
    bare: bool,
}

/// The page or page size a request asks for: in its query (GET), or in its
/// JSON body, at the top or in `options.pagination` (listUsers).
fn asked(request: &Request, name: &str) -> Option<i64> {
    if request.method.as_str() == "GET" {
        let (_, value) = request.url.query_pairs().find(|(k, _)| k == name)?;
        return value.parse().ok();
    }
    let body: Value = serde_json::from_slice(&request.body).ok()?;
    let at = body.pointer(&format!("/options/pagination/{name}"));
    at.or(body.get(name))?.as_i64()
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (page, limit) = (
            asked(request, "page").unwrap_or(1),
            asked(request, "limit").unwrap_or(10),
        );
        if self.failing == Some(page) {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"statusCode": 400, "message": "bad page", "apiCode": 1}));
        }
        let first = (page - 1) * limit;
        let (last, total) = match self.users {
            Some(n) => (n.min(first + limit), n),
            None => (first + limit, first + 2 * limit),
        };
        let list: Vec<Value> = (first..last.max(first))
            .map(self.item.unwrap_or(user))
            .collect();
        let data = match self.bare {
            true => json!(list),
            false => json!({"list": list, "totalCount": total}),
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "requestId": format!("page-{page}"), "data": data
        }))
    }
}

async fn serve(pager: Pager) -> (MockServer, ManagementClient) {
    serve_at(LIST_PATH, pager).await
}

async fn serve_at(list_path: &str, pager: Pager) -> (MockServer, ManagementClient) {
    let server = genauth_token_server().await;
    Mock::given(path(list_path))
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
    pages_asked_at(server, LIST_PATH).await
}

async fn pages_asked_at(server: &MockServer, list_path: &str) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .filter(|r| r.url.path() == list_path)
        .map(|r| asked(r, "page").map_or("-".into(), |page| page.to_string()))
        .collect()
}

#[tokio::test]
async fn pages_are_read_in_order_until_the_short_last_one() {
    let (server, client) = serve(Pager {
        users: Some(5),
        failing: None,
        ..Pager::default()
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
        ..Pager::default()
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
        ..Pager::default()
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
        ..Pager::default()
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
        ..Pager::default()
    })
    .await;
    let mut items = client.list_group_members_items(ListGroupMembersRequest::new("g").limit(2));
    assert_eq!(next(&mut items).await.unwrap().unwrap().user_id, "u-0");
    assert_eq!(next(&mut items).await.unwrap().unwrap().user_id, "u-1");
    let err = next(&mut items).await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(next(&mut items).await.is_none());
}

#[tokio::test]
async fn a_listing_paged_in_the_body_sets_the_page_there_and_keeps_the_rest() {
    let (server, client) = serve_at(
        USERS_PATH,
        Pager {
            users: Some(5),
            failing: None,
            ..Pager::default()
        },
    )
    .await;
    let mut pagination = PaginationDto::default();
    pagination.limit = Some(2);
    let mut options = ListUsersOptionsDto::default();
    options.pagination = Some(pagination);
    options.with_identities = Some(true);
    let request = ListUsersRequest::new().keywords("bob").options(options);
    let mut items = client.list_users_items(request);
    let mut ids = Vec::new();
    while let Some(user) = next(&mut items).await {
        ids.push(user.expect("an item").user_id);
    }
    assert_eq!(ids, ["u-0", "u-1", "u-2", "u-3", "u-4"]);
    assert_eq!(pages_asked_at(&server, USERS_PATH).await, ["-", "2", "3"]);
    let received = server.received_requests().await.unwrap();
    let last: Value = serde_json::from_slice(&received.last().unwrap().body).unwrap();
    assert_eq!(
        last,
        json!({"keywords": "bob", "options": {"pagination": {"limit": 2, "page": 3}, "withIdentities": true}}),
        "the page is set inside the body; every other parameter is sent again"
    );
}

#[tokio::test]
async fn a_body_paged_listing_without_options_creates_them_for_the_next_page() {
    let (server, client) = serve_at(
        USERS_PATH,
        Pager {
            users: Some(12),
            failing: None,
            ..Pager::default()
        },
    )
    .await;
    let mut pages = client.list_users_pages(ListUsersRequest::new());
    let mut sizes = Vec::new();
    while let Some(page) = next(&mut pages).await {
        sizes.push(page.expect("a page").data.map_or(0, |d| d.list.len()));
    }
    // The server's default page size (10), then the rest: the total ends it.
    assert_eq!(sizes, [10, 2]);
    assert_eq!(pages_asked_at(&server, USERS_PATH).await, ["-", "2"]);
}

#[tokio::test]
async fn a_page_the_document_types_as_a_string_is_counted_as_a_number() {
    let tenant = |i: i64| json!({"tenantId": format!("t-{i}"), "appIds": []});
    let (server, client) = serve_at(
        "/api/v3/list-tenants",
        Pager {
            users: Some(3),
            item: Some(tenant),
            ..Pager::default()
        },
    )
    .await;
    let request = ListTenantsRequest::new().page("1").limit("2");
    let mut items = client.list_tenants_items(request);
    let mut ids = Vec::new();
    while let Some(tenant) = next(&mut items).await {
        ids.push(tenant.expect("an item").tenant_id);
    }
    assert_eq!(ids, ["t-0", "t-1", "t-2"]);
    assert_eq!(
        pages_asked_at(&server, "/api/v3/list-tenants").await,
        ["1", "2"]
    );
}

#[tokio::test]
async fn a_listing_whose_data_is_the_list_ends_at_its_short_page() {
    let department = |i: i64| {
        json!({"organizationCode": "o", "departmentId": format!("d-{i}"), "createdAt": "",
               "name": "n", "parentDepartmentId": "", "parentDepartmentCode": "",
               "membersCount": 0, "hasChildren": false})
    };
    let (server, client) = serve_at(
        "/api/v3/search-departments-list",
        Pager {
            users: Some(5),
            item: Some(department),
            bare: true,
            ..Pager::default()
        },
    )
    .await;
    let request = SearchDepartmentsListRequest::new("org").limit(2);
    let mut items = client.search_departments_list_items(request);
    let mut ids = Vec::new();
    while let Some(department) = next(&mut items).await {
        ids.push(department.expect("an item").department_id);
    }
    assert_eq!(ids, ["d-0", "d-1", "d-2", "d-3", "d-4"]);
    assert_eq!(
        pages_asked_at(&server, "/api/v3/search-departments-list").await,
        ["-", "2", "3"]
    );
}

/// Alibaba Cloud style lists (the `rpc` fixture): `ListWidgets` pages by
/// `NextToken` (pages `""`, `p2`, `p3`...), `ListGadgets` by `PageNumber`.
struct RpcPager {
    widgets: usize,
    /// The next token is always this one: a server that never ends.
    stuck: Option<&'static str>,
}

impl Respond for RpcPager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            let pair = request.url.query_pairs().find(|(k, _)| k == name);
            pair.map(|(_, v)| v.into_owned())
        };
        let size: usize = query("MaxResults")
            .or(query("PageSize"))
            .and_then(|s| s.parse().ok())
            .unwrap_or(2);
        let page: usize = match query("NextToken") {
            Some(token) => token.trim_start_matches('p').parse().unwrap_or(1),
            None => query("PageNumber")
                .and_then(|s| s.parse().ok())
                .unwrap_or(1),
        };
        let first = (page - 1) * size;
        let ids: Vec<Value> = (first..self.widgets.min(first + size))
            .map(|i| json!({"Id": format!("w-{i}")}))
            .collect();
        let next = match self.stuck {
            Some(token) => json!(token),
            None if first + size < self.widgets => json!(format!("p{}", page + 1)),
            None => json!(""),
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "RequestId": format!("r-{page}"), "TotalCount": self.widgets,
            "NextToken": next, "Widgets": ids, "Gadgets": ids
        }))
    }
}

async fn rpc_server(pager: RpcPager) -> (MockServer, identity_sdk_tests::rpc::Client) {
    use identity_sdk_tests::rpc::{Client, ClientOptions, Credentials};
    let server = MockServer::start().await;
    Mock::given(path("/"))
        .respond_with(pager)
        .mount(&server)
        .await;
    let options = ClientOptions::new(Credentials::new("ak", "secret"), "cn-hangzhou")
        .endpoint(server.uri())
        .retry(RetryConfig {
            max_attempts: 1,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
        });
    (server, Client::new(options).expect("client"))
}

/// The `NextToken` of each request the server received, in order.
async fn tokens_sent(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    let token = |r: &Request| {
        let pair = r.url.query_pairs().find(|(k, _)| k == "NextToken");
        pair.map_or("-".into(), |(_, v)| v.into_owned())
    };
    received.iter().map(token).collect()
}

#[tokio::test]
async fn a_listing_by_token_sends_each_next_token_until_a_page_has_none() {
    use identity_sdk_tests::rpc::ListWidgetsRequest;
    let (server, client) = rpc_server(RpcPager {
        widgets: 5,
        stuck: None,
    })
    .await;
    let mut items = client.list_widgets_items(ListWidgetsRequest::new("i-1").max_results(2));
    let mut ids = Vec::new();
    while let Some(widget) = next(&mut items).await {
        ids.push(widget.expect("an item").id);
    }
    assert_eq!(ids, ["w-0", "w-1", "w-2", "w-3", "w-4"]);
    assert_eq!(tokens_sent(&server).await, ["-", "p2", "p3"]);
}

#[tokio::test]
async fn a_server_that_gives_back_the_token_just_sent_ends_the_listing() {
    use identity_sdk_tests::rpc::ListWidgetsRequest;
    let (server, client) = rpc_server(RpcPager {
        widgets: 100,
        stuck: Some("p2"),
    })
    .await;
    let mut pages = client.list_widgets_pages(ListWidgetsRequest::new("i-1").max_results(2));
    let mut read = 0;
    while let Some(page) = next(&mut pages).await {
        page.expect("a page");
        read += 1;
    }
    assert_eq!(read, 2, "page 1, then p2 once: p2 again would repeat it");
    assert_eq!(tokens_sent(&server).await, ["-", "p2"]);
}

#[tokio::test]
async fn an_rpc_listing_by_number_reads_the_items_beside_the_request_id() {
    use identity_sdk_tests::rpc::ListGadgetsRequest;
    let (server, client) = rpc_server(RpcPager {
        widgets: 3,
        stuck: None,
    })
    .await;
    let mut items = client.list_gadgets_items(ListGadgetsRequest::new("i-1").page_size(2));
    let mut ids = Vec::new();
    while let Some(gadget) = next(&mut items).await {
        ids.push(gadget.expect("an item").id);
    }
    assert_eq!(ids, ["w-0", "w-1", "w-2"]);
    assert_eq!(page_numbers_sent(&server).await, ["-", "2"]);
}

/// The `PageNumber` of each request the server received, in order.
async fn page_numbers_sent(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    let page = |r: &Request| {
        let pair = r.url.query_pairs().find(|(k, _)| k == "PageNumber");
        pair.map_or("-".into(), |(_, v)| v.into_owned())
    };
    received.iter().map(page).collect()
}

/// `ListGizmos` types its page size as an `i32` and answers no total: only
/// the page size (read as an `i64`) tells that the short third page is the
/// last, so no fourth, empty page is asked for.
#[tokio::test]
async fn an_i32_page_size_ends_a_listing_at_its_short_page() {
    use identity_sdk_tests::rpc::ListGizmosRequest;
    let (server, client) = rpc_server(RpcPager {
        widgets: 5,
        stuck: None,
    })
    .await;
    let mut items = client.list_gizmos_items(ListGizmosRequest::new("i-1").page_size(2));
    let mut ids = Vec::new();
    while let Some(gizmo) = next(&mut items).await {
        ids.push(gizmo.expect("an item").id);
    }
    assert_eq!(ids, ["w-0", "w-1", "w-2", "w-3", "w-4"]);
    assert_eq!(page_numbers_sent(&server).await, ["-", "2", "3"]);
    // Without a page size, only the empty fourth page ends it.
    let (server, client) = rpc_server(RpcPager {
        widgets: 5,
        stuck: None,
    })
    .await;
    let mut items = client.list_gizmos_items(ListGizmosRequest::new("i-1"));
    while next(&mut items).await.is_some() {}
    assert_eq!(page_numbers_sent(&server).await, ["-", "2", "3", "4"]);
}
