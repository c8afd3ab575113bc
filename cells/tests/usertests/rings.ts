// (d) A ring in memory shared with a peer cell: 1 MiB through a 4 KiB ring.
import * as sys from "../../lib/sys";
import { Ring, RingWriter, RING_HEADER } from "../../lib/ring";
import * as t from "./t";

const TOTAL: u32 = 1 << 20,
  PAGES: u32 = 2; // 8 KiB: the header and a 4 KiB ring

export function rings(): void {
  const ep = <u32>sys.endpointCreate();
  const mem = <u32>sys.memCreate(PAGES);
  const nf = <u32>sys.notifyCreate();
  const base = sys.mapShared(mem, PAGES);
  if (base < 0) {
    t.result("ring", "mapShared: " + sys.errorName(base));
    return;
  }
  const ring = Ring.create(<usize>base, RING_HEADER + 4096);
  const peer = t.start("utpeer", [ep], "ring");
  const m = new sys.Msg();
  const t0 = sys.time();
  let r = sys.send(ep, sys.infoWord(1, <u32>sys.capCopy(mem, 0xff)), PAGES, TOTAL);
  if (r >= 0) r = sys.send(ep, sys.infoWord(2, <u32>sys.capCopy(nf, sys.R_WAIT)));
  const w = new RingWriter(ring, nf);
  const chunk = new Uint8Array(700); // not a divisor of the ring: pushes straddle the wrap
  for (let done: u32 = 0; done < TOTAL && r >= 0;) {
    const n = min<u32>(<u32>chunk.length, TOTAL - done);
    for (let i: u32 = 0; i < n; i++) chunk[i] = <u8>(((done + i) * 131) >> 3);
    w.sendAll(chunk.dataStart, n);
    done += n;
  }
  if (r >= 0) r = sys.recv(ep, m);
  const ns = sys.time() - t0;
  let sum: u32 = 0;
  for (let i: u32 = 0; i < TOTAL; i++) sum = sum * 31 + <u8>((i * 131) >> 3);
  const kbs = ns > 0 ? (<u64>TOTAL * 1_000_000) / <u64>ns : 0;
  t.result(
    "ring: 1 MiB through a 4 KiB shared ring (" +
      TOTAL.toString() +
      " bytes in " +
      (ns / 1000).toString() +
      " us, " +
      kbs.toString() +
      " KB/s)",
    t.first(
      t.eq("send/recv", r, 0),
      t.eq("bytes the consumer got", <i64>m.w0, TOTAL),
      t.eq("their checksum", <i64>m.w1, sum),
      t.first(t.eq("bytes out of sequence", <i64>m.w2, 0), peer < 0 ? "cannot start utpeer" : t.describe("utpeer", t.finish(peer), 0)),
    ),
  );
  sys.capDrop(<u32>peer);
  sys.unmap(sys.addr(<usize>base), PAGES);
  sys.capDrop(mem);
  sys.capDrop(nf);
  sys.capDrop(ep);
}
