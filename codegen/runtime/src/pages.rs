//! Paginators: a list operation's pages, or its items, as a [`Stream`].
//!
//! Each page is one call of the operation. Paged by number, the next call
//! asks for the page after the last, and the listing ends at an empty page,
//! a page shorter than the page size, or when the items read reach the total
//! the server reports. Paged by token, the next call sends the token the last
//! page returned, and the listing ends at a page without one (or with the
//! token just sent). A listing that does not end stops with
//! [`Error::TooManyPages`].

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use super::call::Call;
use super::error::Error;
use super::operation::{Operation, Query, QueryStyle};

/// The default of [`Pages::max_pages`].
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// The request of a list operation, which can ask for the page after any
/// page; the generated requests of list operations implement it.
pub trait Paged: Operation + Clone {
    /// One item of a page.
    type Item;
    /// Whether pages are chosen by the token of the next page (Alibaba
    /// Cloud's `NextToken`) rather than by number.
    const BY_TOKEN: bool = false;
    /// The page asked for, numbered from 1 (`None`: the server's first);
    /// paged by number.
    fn page(&self) -> Option<i64> {
        None
    }
    /// Asks for page `page`; paged by number.
    fn set_page(&mut self, _page: i64) {}
    /// Asks for the page after `response` with the token it gives; `false`
    /// when it gives none. Paged by token.
    fn set_next_token(&mut self, _response: &Self::Response) -> bool {
        false
    }
    /// The page size asked for (`None`: the server's default).
    fn limit(&self) -> Option<i64>;
    /// The number of items in a page, and the total the server reports.
    fn counts(response: &Self::Response) -> (usize, Option<i64>);
    /// The items of a page.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// A client that calls operations: each service's client.
pub trait Caller {
    /// Calls `request`'s operation.
    fn call_operation<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response>;
}

/// The pages of a list operation, from the request's page on; a
/// [`Stream`] of responses (use `futures::StreamExt` to read it).
#[must_use = "a paginator does nothing unless it is polled"]
pub struct Pages<'a, C, Op: Paged> {
    client: &'a C,
    /// The request of the next page; `None` once the listing ended.
    next: Option<Op>,
    call: Option<Call<'a, Op::Response>>,
    pages: usize,
    items: u64,
    max_pages: usize,
}

impl<'a, C: Caller, Op: Paged> Pages<'a, C, Op> {
    /// The pages of `request`'s listing, read with `client`.
    pub fn new(client: &'a C, request: Op) -> Self {
        Pages {
            client,
            next: Some(request),
            call: None,
            pages: 0,
            items: 0,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Sets the most pages read before the listing fails with
    /// [`Error::TooManyPages`] (default [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages;
        self
    }

    /// Whether the page just read ends a listing by number.
    fn last(&self, request: &Op, count: usize, total: Option<i64>) -> bool {
        let short = request.limit().is_some_and(|limit| (count as i64) < limit);
        let all = total.is_some_and(|total| self.items >= total.max(0) as u64);
        count == 0 || short || all
    }
}

impl<C: Caller, Op: Paged + Unpin> Stream for Pages<'_, C, Op> {
    type Item = Result<Op::Response, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(request) = &this.next else {
            return Poll::Ready(None);
        };
        if this.call.is_none() {
            if this.pages >= this.max_pages {
                this.next = None;
                return Poll::Ready(Some(Err(Error::TooManyPages {
                    operation: Op::INFO.name,
                    pages: this.pages,
                })));
            }
            this.call = Some(this.client.call_operation(request));
        }
        let Some(call) = this.call.as_mut() else {
            return Poll::Ready(None);
        };
        let response = ready!(Pin::new(call).poll(cx));
        this.call = None;
        let response = match response {
            Ok(response) => response,
            Err(error) => {
                this.next = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        this.pages += 1;
        let (count, total) = Op::counts(&response);
        this.items += count as u64;
        match this.next.take() {
            Some(mut request) if Op::BY_TOKEN => {
                let before = sent(&request);
                // A token the server gave twice would read the same page forever.
                if request.set_next_token(&response) && sent(&request) != before {
                    this.next = Some(request);
                }
            }
            Some(mut request) if !this.last(&request, count, total) => {
                let page = request.page().unwrap_or(1);
                request.set_page(page.saturating_add(1));
                this.next = Some(request);
            }
            _ => {}
        }
        Poll::Ready(Some(Ok(response)))
    }
}

/// What `request` sends: query, form and JSON body. Written flat, every
/// value under a key of its own, so equal pairs mean equal requests
/// whatever the client's style.
fn sent<Op: Operation>(request: &Op) -> (Pairs, Pairs, Option<serde_json::Value>) {
    (
        Query::collect(QueryStyle::Flat, |q| request.query(q)),
        Query::collect(QueryStyle::Flat, |q| request.form(q)),
        request.body(),
    )
}

type Pairs = Vec<(String, String)>;

/// The items of a list operation, page after page; a [`Stream`] of items.
#[must_use = "a paginator does nothing unless it is polled"]
pub struct Items<'a, C, Op: Paged> {
    pages: Pages<'a, C, Op>,
    buffered: VecDeque<Op::Item>,
}

impl<'a, C: Caller, Op: Paged> Items<'a, C, Op> {
    /// The items of `request`'s listing, read with `client`.
    pub fn new(client: &'a C, request: Op) -> Self {
        Items {
            pages: Pages::new(client, request),
            buffered: VecDeque::new(),
        }
    }

    /// See [`Pages::max_pages`].
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.pages = self.pages.max_pages(pages);
        self
    }
}

impl<C: Caller, Op: Paged + Unpin> Stream for Items<'_, C, Op>
where
    Op::Item: Unpin,
{
    type Item = Result<Op::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffered.extend(Op::into_items(page)),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}
