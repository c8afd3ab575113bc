// echosrv: a call/reply server for usertests. Slot 0 an endpoint (RECV).
// Each call is answered with its label + 1 and its words reversed
// (w3 w2 w1 w0), so a reply cannot be mistaken for the request; label
// 0xffff is answered, then it exits.
import * as sys from "../../lib/sys";

export function main(): void {
  const m = new sys.Msg();
  let r = sys.recv(0, m);
  while (r >= 0) {
    const label = sys.infoLabel(m.info);
    if (label == 0xffff) {
      sys.reply(sys.infoWord(label));
      return;
    }
    r = sys.replyRecv(0, sys.infoWord(label + 1), m.w3, m.w2, m.w1, m.w0, m);
  }
  sys.exit(<i32>-r);
}
