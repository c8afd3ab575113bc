// Running cells for the shell: a pipeline of one or more cells, each with
// the standard slots (docs/cells.md), joined by endpoints; waiting for it in
// the foreground or keeping it as a numbered background job. Every slot it
// takes is given back when its cells end: the table has only 64.
import * as sys from "../../lib/sys";
import { println } from "../../lib/console";

// The shell's own slots are the standard ones: the console as stdout (and stdin), spawn, kinfo, initrd.
export const CONSOLE = sys.STDOUT,
  STDIN = sys.STDIN,
  SPAWN = sys.SPAWN,
  KINFO = sys.KINFO,
  INITRD = sys.INITRD;
const NONE: u32 = sys.NO_SLOT;

// Which standard slots past stdout and stdin a program gets, as in
// init.conf. Anything not listed gets stdout and stdin alone.
const WANTS: Array<string> = ["cat initrd", "shell spawn kinfo initrd", "init spawn kinfo initrd"];

function slotsFor(name: string, stdout: u32, stdin: u32): Array<u32> {
  const s: Array<u32> = [stdout, stdin];
  for (let i = 0; i < WANTS.length; i++) {
    const w = WANTS[i].split(" ");
    if (w[0] != name) continue;
    s.push(w.includes("spawn") ? SPAWN : NONE);
    s.push(w.includes("kinfo") ? KINFO : NONE);
    s.push(w.includes("initrd") ? INITRD : NONE);
    while (s[s.length - 1] == NONE) s.pop(); // trailing empty slots need no mention
  }
  return s;
}

export class Stage {
  slot: i64 = -1; // its cell capability (CONTROL) while we hold it
  constructor(
    public name: string,
    public args: string,
  ) {}
}

// How a cell ended, for a person; "" for a clean exit.
function ending(state: i64, code: i64): string {
  if (state == sys.CELL_EXITED) return code == 0 ? "" : "exited with code " + code.toString();
  if (state == sys.CELL_FAULTED) return "faulted (code " + code.toString() + ")";
  return "killed";
}

export class Pipeline {
  // pipes[i] joins stage i's stdout to stage i+1's stdin: the endpoint we
  // created, -1 once dropped (which deletes the copies we gave).
  pipes: Array<i64> = new Array<i64>();
  job: i32 = 0; // its job number in the background, 0 in the foreground
  quiet: bool = false; // being killed: how its cells end goes unsaid
  constructor(public stages: Array<Stage>) {}

  // Starts every stage; on a failure, says why, stops what started and
  // gives everything back. notify gets bit 0 as each ends.
  start(notify: u32, bare: bool): bool {
    const n = this.stages.length;
    const send = new Array<u32>(),
      recv = new Array<u32>();
    for (let i = 0; i < n - 1; i++) {
      const ep = sys.endpointCreate();
      if (ep < 0) return this.fail("shell: cannot make a pipe: " + sys.errorName(ep));
      this.pipes.push(ep);
      const s = sys.capCopy(<u32>ep, sys.R_SEND),
        r = sys.capCopy(<u32>ep, sys.R_RECV);
      if (s < 0 || r < 0) return this.fail("shell: cannot make a pipe: " + sys.errorName(s < 0 ? s : r));
      send.push(<u32>s);
      recv.push(<u32>r);
    }
    for (let i = 0; i < n; i++) {
      const st = this.stages[i];
      const caps = slotsFor(st.name, i < n - 1 ? send[i] : CONSOLE, i > 0 ? recv[i - 1] : STDIN);
      const r = sys.spawn(SPAWN, st.name, caps, notify, 0, st.args);
      if (r == sys.E_NOENT)
        return this.fail(bare ? "shell: unknown command '" + st.name + "' (try help)" : "shell: no cell image named '" + st.name + "'");
      if (r < 0) return this.fail("shell: cannot start " + st.name + ": " + sys.errorName(r));
      st.slot = r;
    }
    return true;
  }

  private fail(why: string): bool {
    println(why);
    for (let i = 0; i < this.stages.length; i++) {
      const st = this.stages[i];
      if (st.slot >= 0) {
        sys.cellKill(<u32>st.slot);
        sys.capDrop(<u32>st.slot);
        st.slot = -1;
      }
    }
    this.dropPipes();
    return false;
  }

  private dropPipe(i: i32): void {
    if (i < 0 || i >= this.pipes.length || this.pipes[i] < 0) return;
    sys.capDrop(<u32>this.pipes[i]);
    this.pipes[i] = -1;
  }

  private dropPipes(): void {
    for (let i = 0; i < this.pipes.length; i++) this.dropPipe(i);
  }

  // Notes the stages that ended since last time: says how (unless a clean
  // exit in the foreground), gives back their slots and the pipes beside
  // them. A pipe's writer that ended has had every message taken (send
  // waits for its receiver), so dropping the pipe loses nothing and ends
  // the reader's stream (E_GONE) even if the writer died before closing it;
  // a reader that ended frees its writer the same way. True once all ended.
  reap(): bool {
    let running = 0;
    for (let i = 0; i < this.stages.length; i++) {
      const st = this.stages[i];
      if (st.slot < 0) continue;
      const state = sys.cellStatus(<u32>st.slot);
      const code = <i64>sys.sysResult(1);
      if (state == sys.CELL_RUNNING) {
        running++;
        continue;
      }
      const how = ending(state, code);
      const prefix = this.job > 0 ? "[" + this.job.toString() + "] " : "";
      if (this.quiet) {
      } // killed on purpose: the caller says so
      else if (how.length > 0) println(prefix + st.name + ": " + how);
      else if (this.job > 0) println(prefix + st.name + ": done");
      sys.capDrop(<u32>st.slot);
      st.slot = -1;
      this.dropPipe(i - 1);
      this.dropPipe(i);
    }
    if (running == 0) this.dropPipes();
    return running == 0;
  }

  // Ends every stage still running (kill JOB) and waits until they are
  // gone, so the kernel's lines about them come before the next prompt.
  kill(notify: u32): void {
    for (let i = 0; i < this.stages.length; i++) if (this.stages[i].slot >= 0) sys.cellKill(<u32>this.stages[i].slot);
    this.quiet = true;
    while (!this.reap()) sys.wait(notify);
  }

  names(): string {
    const s = new Array<string>();
    for (let i = 0; i < this.stages.length; i++) s.push((this.stages[i].name + " " + this.stages[i].args).trim());
    return s.join(" | ");
  }
}
