//! Reading files on several threads and handing the results over in walk order, so that which
//! of two files claiming one id wins, or which of two identical files is indexed, never depends
//! on thread timing. The reorder buffer is bounded: a reader does not start on a file more than
//! a window ahead of the next one to hand over, so one slow early file makes the readers wait
//! instead of piling every later document up in memory.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// Reads every item with `read` on up to `threads` threads and gives each result to `take`, in
/// the order of `items`. At most `window` results (read or being read) are ahead of the next one
/// `take` gets.
pub(super) fn read_in_order<T, R>(
    items: &[T],
    threads: usize,
    window: usize,
    read: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(usize, R),
) where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    // No more readers than items (`--jobs 100000` spawned as many threads).
    let readers = threads.min(items.len()).max(1);
    let cursor = AtomicUsize::new(0);
    let gate = Gate { taken: Mutex::new(0), moved: Condvar::new() };
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..readers {
            let (tx, cursor, gate, read) = (tx.clone(), &cursor, &gate, &read);
            scope.spawn(move || {
                loop {
                    let i = cursor.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    // Never blocks on the next item to take (`i == taken`), so the run moves on.
                    gate.wait_below(i, window);
                    if tx.send((i, read(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Opens the gate for good if `take` panics, so that the readers end and the panic shows.
        let _open = OpenOnDrop(&gate);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&next) {
                take(next, result);
                next += 1;
                gate.advance(next);
            }
        }
    });
}

/// How many results were taken, for readers waiting to start an item further ahead.
struct Gate {
    taken: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    fn wait_below(&self, i: usize, window: usize) {
        let taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        let _unused = self
            .moved
            .wait_while(taken, |taken| i >= taken.saturating_add(window))
            .unwrap_or_else(|e| e.into_inner());
    }

    fn advance(&self, taken: usize) {
        *self.taken.lock().unwrap_or_else(|e| e.into_inner()) = taken;
        self.moved.notify_all();
    }
}

struct OpenOnDrop<'a>(&'a Gate);

impl Drop for OpenOnDrop<'_> {
    fn drop(&mut self) {
        self.0.advance(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_in_order_and_a_slow_first_item_holds_back_at_most_a_window() {
        let items: Vec<usize> = (0..200).collect();
        let ahead = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let mut order = Vec::new();
        read_in_order(
            &items,
            4,
            8,
            |&i| {
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(300));
                }
                let now = ahead.fetch_add(1, Ordering::SeqCst) + 1;
                most_ahead.fetch_max(now, Ordering::SeqCst);
                i * 10
            },
            |i, result| {
                ahead.fetch_sub(1, Ordering::SeqCst);
                order.push((i, result));
            },
        );
        assert_eq!(order, (0..200).map(|i| (i, i * 10)).collect::<Vec<_>>());
        // Unbounded, the other readers would read all 199 later items while the first sleeps.
        let most = most_ahead.load(Ordering::SeqCst);
        assert!(most <= 8, "{most} results were held at once");
    }

    #[test]
    fn no_items_and_more_threads_than_items_are_fine() {
        let mut seen = Vec::new();
        read_in_order(&[] as &[u8], 8, 4, |&b| b, |i, _| seen.push(i));
        assert!(seen.is_empty());
        read_in_order(&[1u8, 2], 100, 1, |&b| b, |_, b| seen.push(usize::from(b)));
        assert_eq!(seen, [1, 2]);
    }
}
