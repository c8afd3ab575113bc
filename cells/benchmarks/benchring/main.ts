// The consumer side of bench's ring throughput: slot 0 the console, 1 the
// shared memory (16 pages, a ring bench created), 2 the notification the
// producer signals after each push, 3 one it signals (bit 0) once it is
// attached, so bench's clock starts with both sides running, and (bit 1)
// when it has taken everything. Its arguments are the byte count to
// take; it checks one byte of every pop against the producer's stream (byte
// j is j % 251) and exits 0 when all have come, 2 on a wrong byte.
import * as sys from "../../lib/sys";
import { Ring, RingReader } from "../../lib/ring";

const MEM: u32 = 1,
  DATA: u32 = 2,
  READY: u32 = 3,
  PAGES: u32 = 16,
  CHUNK: u32 = 4096;

export function main(): void {
  const total = U64.parseInt(sys.args());
  const off = sys.mapShared(MEM, PAGES);
  if (off < 0) sys.exit(1);
  const reader = new RingReader(Ring.attach(<usize>off), DATA);
  const buf = new Uint8Array(CHUNK);
  sys.notify(READY, 1);
  let got: u64 = 0;
  while (got < total) {
    const n = reader.receive(buf.dataStart, CHUNK);
    if (n <= 0) sys.exit(1);
    if (<u64>unchecked(buf[0]) != got % 251) sys.exit(2);
    got += <u64>n;
  }
  sys.notify(READY, 2);
  sys.yield_(); // bench reads its clock now, not after our teardown
}
