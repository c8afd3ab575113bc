// (c) IPC: order, call/reply, blocking, capability transfer.
import * as sys from "../../lib/sys";
import * as t from "./t";

const m = new sys.Msg();

export function ipc(): void {
  const ep = <u32>sys.endpointCreate();
  const sendOnly = <u32>sys.capCopy(ep, sys.R_SEND);

  // Twenty messages from one sender arrive in the order sent.
  let why = "";
  const peer = t.start("utpeer", [sendOnly], "order");
  for (let i: u32 = 0; i < 20 && why.length == 0 && peer >= 0; i++) {
    const r = sys.recv(ep, m);
    if (r < 0) why = "recv: " + sys.errorName(r);
    else if (sys.infoLabel(m.info) != 100 + i || m.w0 != i || m.w1 != i * 3)
      why = "message " + i.toString() + " came as label " + sys.infoLabel(m.info).toString() + " w0 " + m.w0.toString();
  }
  t.result(
    "ipc: messages from one sender arrive in order",
    peer < 0 ? "cannot start utpeer" : t.first(why, t.describe("utpeer", t.finish(peer), 0)),
  );
  sys.capDrop(<u32>peer);

  // Call/reply with a server cell.
  why = "";
  const srv = t.start("echosrv", [ep]);
  for (let i: u64 = 0; i < 10 && why.length == 0 && srv >= 0; i++) {
    const r = sys.call(ep, sys.infoWord(<u32>i), i, i + 1, i + 2, i * 1000, m);
    if (r < 0) why = "call: " + sys.errorName(r);
    else if (sys.infoLabel(m.info) != <u32>i + 1 || m.w0 != i * 1000 || m.w1 != i + 2 || m.w2 != i + 1 || m.w3 != i)
      why = "reply " + i.toString() + " wrong";
  }
  if (srv >= 0 && why.length == 0) sys.call(ep, sys.infoWord(0xffff), 0, 0, 0, 0, m);
  t.result("ipc: call/reply pairs with echosrv", srv < 0 ? "cannot start echosrv" : t.first(why, t.describe("echosrv", t.finish(srv), 0)));
  sys.capDrop(<u32>srv);

  // recv blocks until the sender, asleep for 100 ms, comes.
  const t0 = sys.time();
  const sleeper = t.start("utpeer", [sendOnly], "sleepsend");
  const r = sleeper < 0 ? sleeper : sys.recv(ep, m);
  const ms = (sys.time() - t0) / 1_000_000;
  t.result(
    "ipc: recv blocks until a sender comes (" + ms.toString() + " ms)",
    t.first(
      t.eq("recv", r, 0),
      t.eq("label", sys.infoLabel(m.info), 7),
      ms < 100 ? "returned after " + ms.toString() + " ms, before the sender woke" : "",
      sleeper < 0 ? "" : t.describe("utpeer", t.finish(sleeper), 0),
    ),
  );
  sys.capDrop(<u32>sleeper);

  // A memory capability moves with GRANT; without it the send is refused.
  const mem = sys.memCreate(1);
  const page = sys.mapShared(<u32>mem, 1);
  const moved = <u32>sys.capCopy(<u32>mem, 0xff),
    kept = <u32>sys.capCopy(<u32>mem, 0xff);
  const receiver = t.start("utpeer", [ep], "grant");
  const c = sys.call(ep, sys.infoWord(1, moved), 0, 0, 0, 0, m);
  let pattern = "";
  for (let i: u32 = 0; i < sys.PAGE_SIZE && page >= 0; i++)
    if (load<u8>(<usize>page + i) != <u8>(i * 7 + 3)) {
      pattern = "byte " + i.toString() + " is not the receiver's";
      break;
    }
  const noGrant = sys.send(sendOnly, sys.infoWord(1, kept));
  const stillHere = sys.capInfo(kept);
  if (noGrant < 0) sys.send(ep, sys.infoWord(0)); // lets the receiver end
  t.result(
    "ipc: a memory capability moves with GRANT, never without",
    t.first(
      t.first(
        page < 0 ? "mapShared: " + sys.errorName(page) : "",
        t.eq("call", c, 0),
        t.eq("cap_info of the sent slot", sys.capInfo(moved), 0),
        pattern,
      ),
      t.eq("send without GRANT", noGrant, sys.E_RIGHTS),
      stillHere == 0 ? "the capability left without GRANT" : "",
      receiver < 0 ? "cannot start utpeer" : t.describe("utpeer", t.finish(receiver), 0),
    ),
  );
  sys.capDrop(<u32>receiver);
  sys.capDrop(kept);
  sys.unmap(sys.addr(<usize>page), 1);
  sys.capDrop(<u32>mem);
  sys.capDrop(sendOnly);
  sys.capDrop(ep);
}
