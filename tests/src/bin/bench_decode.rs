//! Decode and encode speed, and peak memory, of a GenAuth `listUsers`
//! response body of `USERS` users, one way of decoding per process (so that
//! the peak memory is that mode's own):
//!
//! - `generated`: the generated `identity_sdk::genauth::ListUsersResponse`;
//! - `derive`: hand-written structs of the same shape with plain
//!   `#[derive(Deserialize, Serialize)]`;
//! - `derive-flatten`: the same, each struct also keeping unknown fields in a
//!   `#[serde(flatten)]` map, as the generated structs do;
//! - `value`: `serde_json::Value`.
//!
//! `cargo run --release -p identity-sdk-tests --bin bench_decode -- MODE USERS [SAMPLES]`
//! prints one line of `key=value` pairs; `cargo xtask bench-decode` runs the
//! modes in alternating rounds and prints the table of BENCHMARKS.md.
//! `SAMPLES` 0 decodes once and measures nothing (for profiling); mode
//! `body` writes the body to stdout.
//!
//! The body is the page's documented example user in the spec's shape (as
//! the generated `UserDto` re-encodes it: the page writes `departmentIds` as a
//! string holding a JSON list and `identities` as one object, which only the
//! generated decoder would accept), repeated with varied IDs, usernames,
//! emails, phones, login counts, last-login times and IPs. Every mode must decode all of it: the
//! user count is checked, and its re-encoding must equal the body as JSON.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::Instant;

use identity_sdk::genauth::{ListUsersResponse, UserDto};
use identity_sdk_tests::list_users_body::{self, status_kib};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const USAGE: &str =
    "usage: bench_decode generated|derive|derive-flatten|value|body USERS [SAMPLES]";

/// Enums of the user object, as plain derives write them: unknown values
/// decode to `Other` (and are lost on re-encoding).
mod enums {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize)]
    pub enum Status {
        Activated,
        Suspended,
        Deactivated,
        Resigned,
        Archived,
        #[serde(other)]
        Other,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub enum Gender {
        M,
        F,
        U,
        #[serde(other)]
        Other,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub enum UserSourceType {
        Excel,
        Register,
        AdminCreated,
        SyncTask,
        #[serde(other)]
        Other,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum IdentityProvider {
        Wechat,
        Qq,
        Wechatwork,
        Dingtalk,
        Weibo,
        Github,
        Alipay,
        Baidu,
        Lark,
        Welink,
        Yidun,
        Qingcloud,
        Google,
        Gitlab,
        Gitee,
        Twitter,
        Facebook,
        Slack,
        Linkedin,
        Instagram,
        Oidc,
        Oauth2,
        Saml,
        Ldap,
        Ad,
        Cas,
        #[serde(rename = "azure-ad")]
        AzureAd,
        #[serde(other)]
        Other,
    }
}

/// The response's structs, hand-written with serde's derives, the fields and
/// types of the generated ones (`spec/genauth/users/list_users.yaml`,
/// `UserPagingDto`, `UserDto`, `IdentityDto`). With `$extra`, each struct
/// also keeps the fields it does not name in a `#[serde(flatten)]` map.
macro_rules! derived {
    ($module:ident $(, $extra:ident)?) => {
        mod $module {
            use serde::{Deserialize, Serialize};
            use serde_json::Value;

            use super::enums::{Gender, IdentityProvider, Status, UserSourceType};

            #[derive(Debug, Deserialize, Serialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Page {
                pub status_code: i64,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub message: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub api_code: Option<i64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub request_id: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub data: Option<Data>,
                $(#[serde(flatten)] pub $extra: serde_json::Map<String, Value>,)?
            }

            #[derive(Debug, Deserialize, Serialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Data {
                #[serde(skip_serializing_if = "Option::is_none")]
                pub total_count: Option<i64>,
                pub list: Vec<User>,
                $(#[serde(flatten)] pub $extra: serde_json::Map<String, Value>,)?
            }

            #[derive(Debug, Deserialize, Serialize)]
            #[serde(rename_all = "camelCase")]
            pub struct User {
                pub user_id: String,
                pub created_at: String,
                pub updated_at: String,
                pub status: Status,
                pub work_status: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub external_id: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub email: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub phone: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub phone_country_code: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub username: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub name: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub nickname: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub photo: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub logins_count: Option<i64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub last_login: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub last_ip: Option<String>,
                pub gender: Gender,
                pub email_verified: bool,
                pub phone_verified: bool,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub password_last_set_at: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub birthdate: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub country: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub province: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub city: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub address: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub street_address: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub postal_code: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub company: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub browser: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub device: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub given_name: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub family_name: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub middle_name: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub profile: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub preferred_username: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub website: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub zoneinfo: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub locale: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub formatted: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub region: Option<String>,
                pub user_source_type: UserSourceType,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub user_source_id: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub last_login_app: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub main_department_id: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub last_mfa_time: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub password_security_level: Option<i64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub reset_password_on_next_login: Option<bool>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub register_source: Option<Vec<Value>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub department_ids: Option<Vec<String>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub identities: Option<Vec<Identity>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub identity_number: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub custom_data: Option<Value>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub post_id_list: Option<Vec<Value>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub status_changed_at: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub tenant_id: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub metadata_source: Option<Value>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub signed_up: Option<String>,
                $(#[serde(flatten)] pub $extra: serde_json::Map<String, Value>,)?
            }

            #[derive(Debug, Deserialize, Serialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Identity {
                pub identity_id: String,
                pub ext_idp_id: String,
                pub provider: IdentityProvider,
                pub r#type: String,
                pub user_id_in_idp: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub user_info_in_idp: Option<Value>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub access_token: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                pub refresh_token: Option<String>,
                pub origin_conn_ids: Vec<String>,
                $(#[serde(flatten)] pub $extra: serde_json::Map<String, Value>,)?
            }
        }
    };
}

derived!(plain);
derived!(flatten, extra);

/// The system allocator, counting the heap bytes allocated while `COUNTING`
/// is on (only around the one decode whose memory is measured; the timed
/// decodes pay one predictable branch per call).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes allocated minus bytes freed since counting started.
static HEAP: AtomicIsize = AtomicIsize::new(0);
/// The largest `HEAP` seen.
static HEAP_PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(bytes: isize) {
    if COUNTING.load(Relaxed) {
        let now = HEAP.fetch_add(bytes, Relaxed) + bytes;
        HEAP_PEAK.fetch_max(now, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Resets the peak (`VmHWM`) to the current resident size.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The benchmark body: `users` users, each the page's example user in the
/// spec's shape with its own values.
fn body(users: usize) -> Vec<u8> {
    let (mut example, user) = list_users_body::example();
    let mut user = serde_json::to_value(
        serde_json::from_value::<UserDto>(user).expect("the example user decodes"),
    )
    .expect("encodes");
    for (field, placeholder) in [
        ("userId", "@ID@"),
        ("username", "@USERNAME@"),
        ("email", "@EMAIL@"),
        ("phone", "@PHONE@"),
        ("lastLogin", "@LAST_LOGIN@"),
        ("lastIp", "@IP@"),
        ("loginsCount", "@LOGINS@"),
    ] {
        assert!(user.get(field).is_some(), "the example user has {field}");
        user[field] = Value::from(placeholder);
    }
    let user = user.to_string();
    example["data"]["totalCount"] = Value::from(users);
    list_users_body::build(
        example,
        |i| {
            user.replace("@ID@", &format!("{:024x}", 0x6229_ff00_0000_u64 + i as u64))
                .replace("@USERNAME@", &format!("user{i}"))
                .replace("@EMAIL@", &format!("user{i}@example.com"))
                .replace("@PHONE@", &format!("188{:08}", i * 7919 % 100_000_000))
                .replace(
                    "@LAST_LOGIN@",
                    &format!(
                        "2022-{:02}-{:02}T{:02}:{:02}:30.000Z",
                        i % 12 + 1,
                        i % 28 + 1,
                        i % 24,
                        i % 60
                    ),
                )
                .replace(
                    "@IP@",
                    &format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255),
                )
                .replace("\"@LOGINS@\"", &(i % 1000).to_string())
        },
        |_, i| i == users,
        users * user.len(),
    )
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Measures one mode and prints its line; `count` is the number of users the
/// decoded value holds. Never inlined: profiles collect from here
/// (`valgrind --tool=callgrind --toggle-collect='bench_decode::measure*'`).
#[inline(never)]
fn measure<T: DeserializeOwned + Serialize>(
    mode: &str,
    body: &[u8],
    users: usize,
    samples: usize,
    count: fn(&T) -> usize,
) {
    // Peak memory of the first decode, above what the process held before
    // it: resident (what the OS sees, with the allocator's slack) and heap
    // bytes (the decoder's own: its peak, and what the decoded value holds).
    reset_peak();
    let before = status_kib("VmRSS:");
    COUNTING.store(true, Relaxed);
    let started = Instant::now();
    let decoded: T = serde_json::from_slice(black_box(body)).expect("the body decodes");
    let first = started.elapsed().as_secs_f64();
    COUNTING.store(false, Relaxed);
    let peak = status_kib("VmHWM:");
    let (heap_peak, heap_value) = (HEAP_PEAK.load(Relaxed), HEAP.load(Relaxed));
    assert_eq!(count(&decoded), users, "every user decoded");
    drop(decoded);
    if samples == 0 {
        // One decode only, for profiling (`valgrind --tool=callgrind`).
        println!("mode={mode} users={users} bytes={} decoded", body.len());
        return;
    }

    // Small bodies are decoded `reps` times per sample; the values are
    // dropped after the clock stops.
    let reps = (2_000_000 / body.len()).max(1);
    let mut decode = Vec::new();
    for _ in 0..samples {
        let mut values = Vec::with_capacity(reps);
        let started = Instant::now();
        for _ in 0..reps {
            values.push(serde_json::from_slice::<T>(black_box(body)).expect("decodes"));
        }
        decode.push(started.elapsed().as_secs_f64() / reps as f64);
        assert_eq!(count(&values[0]), users);
        drop(values);
    }

    let decoded: T = serde_json::from_slice(body).expect("decodes");
    let mut encode = Vec::new();
    let mut encoded = Vec::new();
    for _ in 0..samples {
        let started = Instant::now();
        for _ in 0..reps {
            encoded = serde_json::to_vec(black_box(&decoded)).expect("encodes");
        }
        encode.push(started.elapsed().as_secs_f64() / reps as f64);
    }
    // Nothing was lost or added: the re-encoding is the body, as JSON.
    let same = serde_json::from_slice::<Value>(&encoded).expect("valid JSON")
        == serde_json::from_slice::<Value>(body).expect("valid JSON");
    assert!(same, "{mode}: the re-encoded body differs from the body");

    let best = decode.iter().copied().fold(f64::INFINITY, f64::min);
    let decode_median = median(&mut decode);
    let encode_best = encode.iter().copied().fold(f64::INFINITY, f64::min);
    let encode_median = median(&mut encode);
    let mb = body.len() as f64 / 1e6;
    println!(
        "mode={mode} users={users} bytes={} samples={samples} reps={reps} first_ms={:.3} decode_best_ms={:.4} decode_median_ms={:.4} decode_mbps={:.1} ns_per_user={:.0} encode_best_ms={:.4} encode_median_ms={:.4} encode_mbps={:.1} encoded_bytes={} rss_before_kb={before} peak_kb={peak} peak_delta_kb={} heap_peak_kb={} heap_value_kb={}",
        body.len(),
        first * 1e3,
        best * 1e3,
        decode_median * 1e3,
        mb / decode_median,
        decode_median * 1e9 / users as f64,
        encode_best * 1e3,
        encode_median * 1e3,
        encoded.len() as f64 / 1e6 / encode_median,
        encoded.len(),
        peak.saturating_sub(before),
        heap_peak / 1024,
        heap_value / 1024,
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(users)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let samples = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(7);
    let body = body(users);
    match mode.as_str() {
        "generated" => measure::<ListUsersResponse>(mode, &body, users, samples, |r| {
            r.data.as_ref().map_or(0, |d| d.list.len())
        }),
        "derive" => measure::<plain::Page>(mode, &body, users, samples, |r| {
            r.data.as_ref().map_or(0, |d| d.list.len())
        }),
        "derive-flatten" => measure::<flatten::Page>(mode, &body, users, samples, |r| {
            r.data.as_ref().map_or(0, |d| d.list.len())
        }),
        "value" => measure::<Value>(mode, &body, users, samples, |v| {
            v["data"]["list"].as_array().map_or(0, Vec::len)
        }),
        // The body itself, to decode elsewhere.
        "body" => {
            use std::io::Write;
            std::io::stdout().write_all(&body).expect("stdout");
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
