// The server side of bench's IPC round trip: slot 0 the console, slot 1 an
// endpoint (RECV). Answers every call with w0 + 1, in a reply_recv loop;
// label 0xffff is the last call: answered, then it exits.
import * as sys from "../../lib/sys";

const EP: u32 = 1,
  LAST: u32 = 0xffff;

export function main(): void {
  const m = sys.msg;
  let r = sys.recv(EP, m);
  while (r >= 0 && sys.infoLabel(m.info) != LAST) r = sys.replyRecv(EP, sys.infoWord(0), m.w0 + 1, 0, 0, 0, m);
  if (r < 0) sys.exit(1);
  sys.reply(sys.infoWord(0), m.w0 + 1);
}
