// shell: the prompt on the serial console (docs/cells.md, "The shell"). It
// reads a line, runs the built-in command or the cells it names (joined by
// pipes, in the background with a trailing &), and prompts again. Its
// slots are the standard ones: 0 and 1 the console, 2 spawn, 3 kinfo,
// 4 initrd; it makes one notification that every cell it starts signals.
import * as sys from "../../lib/sys";
import { print, println, readLine } from "../../lib/console";
import { Pipeline, Stage, STDIN } from "./jobs";
import { kinfo, caps } from "./info";

const PROMPT = "nexus> ";
const HELP = [
  "help              this list",
  "ps                the cells (kinfo)",
  "mem               free memory (kinfo)",
  "caps              this shell's capabilities: slot, kind, rights",
  "ledger            the boot ledger (kinfo)",
  "run NAME [ARGS] [&]  start the cell NAME; & keeps it as a background job",
  "jobs              the background jobs",
  "kill JOB          end background job JOB",
  "echo ARGS         print ARGS",
  "cat FILE...       print initrd files (no FILE: stdin)",
  "NAME [ARGS]       run the cell NAME (echo, cat, upper, wc...)",
  "A ARGS | B ARGS   run cells with A's output as B's input",
];

let done: u32 = 0; // the notification every cell we start signals
const jobs = new Array<Pipeline>(); // background, in job-number order

function words(s: string): Array<string> {
  const w = s.split(" ");
  const out = new Array<string>();
  for (let i = 0; i < w.length; i++) {
    const t = w[i].trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

// Runs in the foreground until every stage ended, or becomes job N.
function launch(line: string, bare: bool, background: bool): void {
  const parts = line.split("|");
  const stages = new Array<Stage>();
  for (let i = 0; i < parts.length; i++) {
    const w = words(parts[i]);
    if (w.length == 0) {
      println("shell: syntax error near '|'");
      return;
    }
    if (w[0] == "run" && i > 0) w.shift();
    stages.push(new Stage(w[0], w.slice(1).join(" ")));
  }
  const p = new Pipeline(stages);
  if (!p.start(done, bare)) return;
  if (background) {
    let n = 1;
    for (let i = 0; i < jobs.length; i++) if (jobs[i].job >= n) n = jobs[i].job + 1;
    p.job = n;
    jobs.push(p);
    println("[" + n.toString() + "] " + p.names());
    return;
  }
  // Look, then wait: a cell that ends in between has set the bit already.
  while (!p.reap()) sys.wait(done);
}

// Background jobs that ended since the last prompt, said and forgotten.
function reapJobs(): void {
  for (let i = 0; i < jobs.length; i++) {
    if (!jobs[i].reap()) continue;
    jobs.splice(i, 1);
    i--;
  }
}

function findJob(n: i32): i32 {
  for (let i = 0; i < jobs.length; i++) if (jobs[i].job == n) return i;
  return -1;
}

function kill(args: Array<string>): void {
  let arg = args.length == 1 ? args[0] : "";
  if (arg.startsWith("%")) arg = arg.substring(1);
  const n = arg.length > 0 && arg.length < 6 ? I32.parseInt(arg) : 0;
  if (n <= 0 || n.toString() != arg) {
    println("kill: usage: kill JOB");
    return;
  }
  const i = findJob(n);
  if (i < 0) {
    println("kill: no job " + arg);
    return;
  }
  const p = jobs[i];
  if (p.reap()) {
    jobs.splice(i, 1);
    return;
  } // it had ended already: said so
  p.kill(done);
  jobs.splice(i, 1);
  println("[" + arg + "] killed");
}

function command(line: string): void {
  line = line.trim();
  let background = false;
  if (line.endsWith("&")) {
    background = true;
    line = line.substring(0, line.length - 1).trim();
  }
  const w = words(line);
  if (w.length == 0) {
    if (background) println("shell: syntax error near '&'");
    return;
  }
  const name = w[0],
    args = w.slice(1);
  const piped = line.includes("|");
  const builtin = name == "help" || name == "ps" || name == "mem" || name == "caps" || name == "ledger" || name == "jobs" || name == "kill";
  if (builtin && (piped || background)) {
    println("shell: " + name + " is a shell command: it cannot be piped or run with &");
    return;
  }
  if (name == "help") {
    for (let i = 0; i < HELP.length; i++) println(HELP[i]);
    return;
  }
  if (name == "ps") {
    kinfo(sys.KINFO_CELLS);
    return;
  }
  if (name == "mem") {
    kinfo(sys.KINFO_MEMORY);
    return;
  }
  if (name == "ledger") {
    kinfo(sys.KINFO_LEDGER);
    return;
  }
  if (name == "caps") {
    caps();
    return;
  }
  if (name == "kill") {
    kill(args);
    return;
  }
  if (name == "jobs") {
    for (let i = 0; i < jobs.length; i++) println("[" + jobs[i].job.toString() + "] running  " + jobs[i].names());
    return;
  }
  if (name == "run") {
    if (args.length == 0 || args[0] == "|") {
      println("run: usage: run NAME [ARGS] [&]");
      return;
    }
    launch(line.substring(3), false, background);
    return;
  }
  launch(line, true, background);
}

export function main(): void {
  const n = sys.notifyCreate();
  if (n < 0) {
    println("shell: no notification: " + sys.errorName(n));
    return;
  }
  done = <u32>n;
  println("shell: type help for the commands");
  while (true) {
    reapJobs();
    print(PROMPT);
    command(readLine(STDIN));
  }
}
