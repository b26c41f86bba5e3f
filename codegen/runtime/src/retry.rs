//! Retries with exponential backoff and full jitter.

use std::time::Duration;

/// When and how often a failed call is tried again.
///
/// Only idempotent operations are retried, and only after throttling, a 5xx
/// status, a timeout or a connection error; never after another 4xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included; `1` disables retries.
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry; it doubles per retry.
    pub initial_backoff: Duration,
    /// The largest backoff, and the most a server's `Retry-After` is honoured.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// No retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// The wait before retry number `retry` (1-based): the server's
    /// `retry_after` when given (capped), else a random duration up to
    /// `initial_backoff * 2^(retry-1)` (capped).
    pub fn backoff(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << retry.saturating_sub(1).min(20))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random_u64() % nanos.saturating_add(1))
    }
}

/// A random number from the operating system.
pub(crate) fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // Without OS randomness the backoff is merely not jittered.
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let cfg = RetryConfig {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
        };
        for _ in 0..100 {
            assert!(cfg.backoff(1, None) <= Duration::from_millis(100));
            assert!(cfg.backoff(2, None) <= Duration::from_millis(200));
            assert!(cfg.backoff(9, None) <= Duration::from_millis(300));
        }
        assert_eq!(
            cfg.backoff(1, Some(Duration::from_millis(50))),
            Duration::from_millis(50)
        );
        assert_eq!(
            cfg.backoff(1, Some(Duration::from_secs(60))),
            Duration::from_millis(300)
        );
    }
}
