// fuzz: a hostile cell for usertests. It holds one capability, slot 0: a
// page of memory usertests shares, where it leaves its results. It makes
// CALLS system calls with random numbers, slots, pointers and lengths (a
// deterministic PRNG seeded from its arguments), skipping only what would
// end it or block it forever, then exits with the number of calls made.
// Results page: u64 counts by result (0 success, 1-12 error -1..-12, 13
// any other), then [14] calls made, [15] MAGIC once complete.
import * as sys from "../../lib/sys";

const CALLS: u32 = 100_000;
const MAGIC: u64 = 0xf022_c0de;
const LIN_END: u64 = sys.LINEAR_BASE + 256 * 65536; // the linear memory's whole window
let state: u64 = 0;

// xorshift64*: deterministic, good enough to pick arguments.
function rnd(): u64 {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545_f491_4f6c_dd1d;
}
function below(n: u64): u64 {
  return rnd() % n;
}

function slot(): u64 {
  switch (<i32>below(8)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return below(64);
    case 4:
      return 64 + below(1000);
    case 5:
      return 0xffff_ffff;
    case 6:
      return u64.MAX_VALUE;
    default:
      return rnd() | ((<u64>1) << 63);
  }
}
function pointer(): u64 {
  switch (<i32>below(12)) {
    case 0:
      return 0;
    case 1:
      return below(0x1_0000);
    case 2:
      return sys.LINEAR_BASE + below((<u64>memory.size()) << 16); // its own linear memory
    case 3:
      return sys.LINEAR_BASE + ((<u64>memory.size()) << 16) - below(8); // its end, crossing
    case 4:
      return 0x7ff0_0000 + below(0x10_0000); // the stack and its guard
    case 5:
      return 0x5000_0000 + below(0x1000); // unmapped
    case 6:
      return 0xffff_8000_0000_0000 + below(0x10_0000); // the kernel's direct map
    case 7:
      return 0xffff_ffff_8000_0000 + below(0x10_0000); // the kernel image
    case 8:
      return u64.MAX_VALUE - below(0x2000); // near 2^64
    case 9:
      return 0x40_0000 + below(0x4000); // its own text
    case 10:
      return sys.LINEAR_BASE + 0x100_0000 + below(1 << 30) * 4096; // the map area, page aligned
    default:
      return rnd();
  }
}
function length(): u64 {
  switch (<i32>below(9)) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return below(64);
    case 3:
      return 4095 + below(3); // page-crossing sizes
    case 4:
      return below(0x2_0000);
    case 5:
      return (<u64>1) << 32;
    case 6:
      return (<u64>1) << 63;
    case 7:
      return u64.MAX_VALUE - below(4);
    default:
      return rnd();
  }
}
function arg(): u64 {
  switch (<i32>below(5)) {
    case 0:
      return slot();
    case 1:
      return pointer();
    case 2:
      return length();
    case 3:
      return below(16);
    default:
      return rnd();
  }
}
function number(): u64 {
  const k = below(20);
  if (k < 17) return below(33);
  if (k == 17) return 33 + below(968);
  if (k == 18) return u64.MAX_VALUE;
  return ((<u64>1) << 63) | below(4);
}

// The kind of capability a slot argument names (0: none): the kernel reads
// the same value as cap_info, whatever it makes of a large one.
function kindAt(s: u64): u32 {
  const r = sys.sysCall(sys.SYS_CAP_INFO, s, 0, 0, 0, 0, 0);
  return r > 0 ? (<u32>r) & 0xff : 0;
}

// Would this call end the cell, block it for good, or break the cell's own
// memory (so the run could not go on)? Then another is drawn.
function unsafe(n: u64, a: StaticArray<u64>, own: i64): bool {
  if (n == sys.SYS_EXIT || n == sys.SYS_TRAP) return true;
  if (n == sys.SYS_SLEEP) {
    a[0] = below(2000);
    return false;
  }
  if (n == sys.SYS_SEND || n == sys.SYS_RECV || n == sys.SYS_CALL || n == sys.SYS_REPLY_RECV) return kindAt(a[0]) == sys.KIND_ENDPOINT;
  if (n == sys.SYS_WAIT) return kindAt(a[0]) == sys.KIND_NOTIFICATION;
  if (n == sys.SYS_CONSOLE_READ) return kindAt(a[0]) == sys.KIND_CONSOLE;
  if (n == sys.SYS_IRQ_WAIT) return kindAt(a[0]) == sys.KIND_IRQ;
  // The results page must stay: no dropping or revoking what looks like it.
  if (n == sys.SYS_CAP_DROP || n == sys.SYS_CAP_REVOKE) return sys.sysCall(sys.SYS_CAP_INFO, a[0], 0, 0, 0, 0, 0) == own;
  // Unmapping inside the linear memory (or reaching into it) would take the cell's own heap away.
  if (n == sys.SYS_UNMAP) return !(a[0] >= LIN_END || (a[0] < sys.LINEAR_BASE && a[1] <= 16 && a[0] + a[1] * 4096 <= sys.LINEAR_BASE));
  // args writes its bytes wherever it is told: not into the cell itself.
  if (n == sys.SYS_ARGS) return a[1] != 0 && a[0] < 0x10_0000_0000;
  return false;
}

export function main(): void {
  const seed = U64.parseInt(sys.args());
  state = seed != 0 ? seed : 1;
  const page = sys.mapShared(0, 1);
  if (page < 0) sys.exit(1);
  const out = <usize>page;
  const own = sys.capInfo(0);
  const a = new StaticArray<u64>(6);
  let calls: u32 = 0;
  while (calls < CALLS) {
    const n = number();
    for (let i = 0; i < 6; i++) a[i] = arg();
    if (unsafe(n, a, own)) continue;
    const r = sys.sysCallRaw(n, a[0], a[1], a[2], a[3], a[4], a[5]);
    const b: i32 = r >= 0 ? 0 : r >= -12 ? <i32>-r : 13;
    store<u64>(out + ((<usize>b) << 3), load<u64>(out + ((<usize>b) << 3)) + 1);
    calls++;
  }
  store<u64>(out, <u64>calls, 14 * 8);
  store<u64>(out, MAGIC, 15 * 8);
  sys.exit(<i32>calls);
}
