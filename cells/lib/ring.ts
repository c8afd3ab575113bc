// A single-producer single-consumer byte ring in memory two cells share
// (mapShared). The producer owns head, the consumer tail; both count bytes
// forever (u32, wrapping) and sit in separate 64-byte lines so the two sides
// do not bounce one line. The capacity is a power of two, written once by the
// creator. Data written before a release store of head (or tail) is seen by
// the side that acquire-loads it.
import { loadAcquire, storeRelease, notify, wait, yield_ } from "./sys";

const HEAD = 0,
  CAPACITY = 4,
  TAIL = 64;
export const RING_HEADER: u32 = 128; // the data follows

export class Ring {
  private constructor(
    readonly base: usize,
    readonly capacity: u32,
  ) {}

  // Lays out a ring over `bytes` bytes at `base` (the header and the largest
  // power of two that fits); once, by one side, before the other attaches.
  static create(base: usize, bytes: u32): Ring {
    assert(bytes >= RING_HEADER + 1, "ring: region too small");
    const cap: u32 = 1 << (31 - clz(bytes - RING_HEADER));
    store<u32>(base + TAIL, 0);
    store<u32>(base + CAPACITY, cap);
    storeRelease(base + HEAD, 0);
    return new Ring(base, cap);
  }
  static attach(base: usize): Ring {
    loadAcquire(base + HEAD);
    const cap = load<u32>(base + CAPACITY);
    assert(cap != 0 && (cap & (cap - 1)) == 0, "ring: not initialised");
    return new Ring(base, cap);
  }

  available(): u32 {
    return loadAcquire(this.base + HEAD) - loadAcquire(this.base + TAIL);
  }
  free(): u32 {
    return this.capacity - this.available();
  }

  // Producer: copies up to len bytes in, returns how many (0 when full).
  push(src: usize, len: u32): u32 {
    const head = load<u32>(this.base + HEAD);
    const n = min(len, this.capacity - (head - loadAcquire(this.base + TAIL)));
    const i = head & (this.capacity - 1),
      first = min(n, this.capacity - i);
    const data = this.base + RING_HEADER;
    memory.copy(data + i, src, first);
    memory.copy(data, src + first, n - first);
    storeRelease(this.base + HEAD, head + n);
    return n;
  }
  // Consumer: copies up to len bytes out, returns how many (0 when empty).
  pop(dst: usize, len: u32): u32 {
    const tail = load<u32>(this.base + TAIL);
    const n = min(len, loadAcquire(this.base + HEAD) - tail);
    const i = tail & (this.capacity - 1),
      first = min(n, this.capacity - i);
    const data = this.base + RING_HEADER;
    memory.copy(dst, data + i, first);
    memory.copy(dst + first, data, n - first);
    storeRelease(this.base + TAIL, tail + n);
    return n;
  }
  pushBytes(b: Uint8Array): u32 {
    return this.push(b.dataStart, b.length);
  }
  popBytes(b: Uint8Array): u32 {
    return this.pop(b.dataStart, b.length);
  }
}

// The producer signals `bits` on a notification after each push; the
// consumer waits on it when the ring is empty. Bits stay set until a wait
// takes them, so a push between the consumer's look and its wait is not lost.
export class RingWriter {
  constructor(
    readonly ring: Ring,
    readonly slot: u32,
    readonly bits: u64 = 1,
  ) {}
  send(src: usize, len: u32): u32 {
    const n = this.ring.push(src, len);
    if (n > 0) notify(this.slot, this.bits);
    return n;
  }
  // All of it, yielding while the ring is full.
  sendAll(src: usize, len: u32): void {
    for (let done: u32 = 0; done < len;) {
      const n = this.send(src + done, len - done);
      if (n == 0) yield_();
      done += n;
    }
  }
}

export class RingReader {
  constructor(
    readonly ring: Ring,
    readonly slot: u32,
  ) {}
  // At least one byte (blocking), or the wait's error.
  receive(dst: usize, len: u32): i64 {
    while (true) {
      const n = this.ring.pop(dst, len);
      if (n > 0 || len == 0) return n;
      const r = wait(this.slot);
      if (r < 0) return r;
    }
  }
}
