//! A loopback HTTP/1.1 server that answers with raw bytes, for the fault
//! suite: redirects, bodies cut short, malformed or hostile headers and
//! bodies, which a mock server built on a correct HTTP library cannot send.
//!
//! One request per connection; every request is recorded. The server stops
//! when dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as received: the request line and headers, and the body.
#[derive(Debug, Clone)]
pub struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The request line, e.g. `GET /api/v3/x?y=1 HTTP/1.1`.
    pub fn line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }

    /// The request's path, without the query.
    pub fn path(&self) -> &str {
        let target = self.line().split(' ').nth(1).unwrap_or("");
        target.split('?').next().unwrap_or("")
    }

    /// A header's value (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

type Respond = dyn Fn(&Received, usize) -> Vec<u8> + Send + Sync;

/// The server; `respond(request, n)` gives the raw bytes of the answer to
/// the `n`-th request (0-based), which may be anything.
pub struct FaultServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    pub async fn start(
        respond: impl Fn(&Received, usize) -> Vec<u8> + Send + Sync + 'static,
    ) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Respond> = Arc::new(respond);
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, respond) = (Arc::clone(&log), Arc::clone(&respond));
                tokio::spawn(serve(stream, log, respond));
            }
        });
        FaultServer {
            addr,
            received,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:<port>`.
    pub fn authority(&self) -> String {
        self.addr.to_string()
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("log").clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Vec<Received>>>, respond: Arc<Respond>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let answer = {
        let mut log = log.lock().expect("log");
        log.push(request.clone());
        respond(&request, log.len() - 1)
    };
    let _ = stream.write_all(&answer).await;
    let _ = stream.shutdown().await;
}

/// Reads one request (head up to 64 KiB, body by `content-length`).
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 64 << 10 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut body = buf[head_end + 4..].to_vec();
    let received = Received { head, body: vec![] };
    let length: usize = received
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        .min(16 << 20);
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received { body, ..received })
}

/// A complete HTTP/1.1 response with `content-length` and `connection: close`.
pub fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON response with status 200.
pub fn json(body: &serde_json::Value) -> Vec<u8> {
    http(
        200,
        &[("content-type", "application/json")],
        body.to_string().as_bytes(),
    )
}
