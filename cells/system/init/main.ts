// init: the first cell (docs/cells.md). It holds the initial capabilities
// (slots 0 console, 1 spawn, 2 kinfo, 3 initrd files, 5 and 6 the user
// device's mmio and irq where the platform has one) and starts the cells
// the signed init.conf names, each with the standard slots it asks for, and
// restarts any that faults or is killed (a supervisor). With init.run=a,b on the kernel's
// command line it runs those instead, one after another, and reports how
// each ended: the way the test harness runs the user-space suites.
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";

// What the kernel gave init (abi/slots.ts).
const CONSOLE = sys.INIT_CONSOLE,
  SPAWN = sys.INIT_SPAWN,
  KINFO = sys.INIT_KINFO,
  INITRD = sys.INIT_INITRD;
const MMIO = sys.INIT_MMIO,
  IRQ = sys.INIT_IRQ;

// Give the child our slot `ours` as its slot `at` (the list is the child's
// slots in order; NO_SLOT leaves one empty).
function give(s: Array<u32>, at: u32, ours: u32): void {
  while (<u32>s.length < at) s.push(sys.NO_SLOT);
  s.push(ours);
}

// The device's registers and interrupt, in the driver's slots: ours, or
// left empty where the kernel gave us none.
function withDevices(s: Array<u32>): Array<u32> {
  give(s, sys.DEVICE_MMIO, sys.capInfo(MMIO) > 0 ? MMIO : sys.NO_SLOT);
  give(s, sys.DEVICE_IRQ, sys.capInfo(IRQ) > 0 ? IRQ : sys.NO_SLOT);
  return s;
}

class Child {
  slot: i64 = -1; // its cell capability
  constructor(
    public name: string,
    public caps: Array<u32>,
  ) {}
}

// The standard slots (abi/slots.ts: stdout, stdin, then spawn, kinfo and
// initrd when asked for), as the child's list of our slots.
function standardSlots(wants: Array<string>): Array<u32> {
  const s = new Array<u32>();
  give(s, sys.STDOUT, CONSOLE);
  give(s, sys.STDIN, CONSOLE);
  if (wants.includes("spawn")) give(s, sys.SPAWN, SPAWN);
  if (wants.includes("kinfo")) give(s, sys.KINFO, KINFO);
  if (wants.includes("initrd")) give(s, sys.INITRD, INITRD);
  return wants.includes("devices") ? withDevices(s) : s;
}

// init.conf: a cell per line, `NAME [spawn] [kinfo] [initrd] [devices]`, # comments.
function readConf(): Array<Child> {
  const out = new Array<Child>();
  const buf = new ArrayBuffer(4096);
  const n = sys.fileRead(INITRD, "init.conf", 0, changetype<usize>(buf), 4096);
  if (n < 0) {
    println("init: cannot read init.conf: " + sys.errorName(n));
    return out;
  }
  const lines = String.UTF8.decode(buf.slice(0, <i32>n)).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length == 0 || line.startsWith("#")) continue;
    const words = line.split(" ").filter((w: string) => w.length > 0);
    out.push(new Child(words[0], standardSlots(words.slice(1))));
  }
  return out;
}

// The value of key=... in the kernel's command line.
function cmdlineValue(cmdline: string, key: string): string | null {
  const words = cmdline.split(" ");
  for (let i = 0; i < words.length; i++) if (words[i].startsWith(key + "=")) return words[i].substring(key.length + 1);
  return null;
}

function start(c: Child, done: i64): bool {
  const r = sys.spawn(SPAWN, c.name, c.caps, <u32>done);
  if (r < 0) {
    println("init: cannot start " + c.name + ": " + sys.errorName(r));
    return false;
  }
  c.slot = r;
  return true;
}

function ended(c: Child): bool {
  const st = sys.cellStatus(<u32>c.slot);
  if (st == sys.CELL_RUNNING) return false;
  const code = <i64>sys.sysResult(1);
  if (st == sys.CELL_EXITED) println("init: " + c.name + " exited with code " + code.toString());
  else if (st == sys.CELL_FAULTED) println("init: " + c.name + " faulted (code " + code.toString() + ")");
  else println("init: " + c.name + " was killed");
  return true;
}

export function main(): void {
  const done = sys.notifyCreate(); // bit 0 from any child that ends
  if (done < 0) {
    println("init: no notification: " + sys.errorName(done));
    return;
  }
  const run = cmdlineValue(sys.args(), "init.run");
  if (run !== null) {
    const names = run.split(",");
    for (let i = 0; i < names.length; i++) {
      const c = new Child(names[i], standardSlots(["spawn", "kinfo", "initrd", "devices"]));
      if (!start(c, done)) continue;
      while (!ended(c)) sys.wait(<u32>done);
      sys.capDrop(<u32>c.slot);
    }
    println("init: init.run done");
    while (true) sys.wait(<u32>done); // nothing else to do; the harness stops the machine
  }
  const children = readConf();
  for (let i = 0; i < children.length; i++) start(children[i], done);
  // Supervise: a cell that faults or is killed is started again; one that
  // exits cleanly has finished.
  while (true) {
    sys.wait(<u32>done);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.slot < 0 || !ended(c)) continue;
      if (sys.cellStatus(<u32>c.slot) == sys.CELL_EXITED) {
        sys.capDrop(<u32>c.slot);
        c.slot = -1;
        continue;
      }
      const r = sys.cellRestart(<u32>c.slot);
      if (r < 0) println("init: cannot restart " + c.name + ": " + sys.errorName(r));
      else println("init: restarted " + c.name);
    }
  }
}
