// The harness's own logic: cleaning serial logs, ordered matching, ktest lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stripAnsi, matchOrdered, parseKtest } from "../../scripts/harness/serial.ts";

test("stripAnsi removes what OVMF and Limine print around the log", () => {
  const raw = "\x1b[2J\x1b[01;01H\x1b[=3h\x1b[?25l\x1b]0;title\x07BdsDxe: loading\r\n\x1bcnexus 0.1.0\x1b[0m\r\n\x1b(B";
  assert.equal(stripAnsi(raw), "BdsDxe: loading\nnexus 0.1.0\n");
});

test("matchOrdered needs every pattern, in order", () => {
  const log = "a\nboot: protocol=pvh\ncpus: 4\nnexus: ready\n";
  assert.equal(matchOrdered(log, ["boot:", /cpus: \d/, "nexus: ready"]).matched, 3);
  assert.equal(matchOrdered(log, ["cpus: 4", "boot:"]).matched, 1);
  assert.equal(matchOrdered(log, [/cpus: 8/]).matched, 0);
});

test("parseKtest reads test lines, details and the summary", () => {
  const r = parseKtest("ok 1 - a\nnot ok 2 - b c\n# why it failed\nktest: 1 passed, 1 failed\n");
  assert.deepEqual(
    r.tests.map((t) => [t.ok, t.n, t.name]),
    [
      [true, 1, "a"],
      [false, 2, "b c"],
    ],
  );
  assert.equal(r.tests[1].detail, "why it failed");
  assert.deepEqual(r.summary, { passed: 1, failed: 1 });
  assert.equal(parseKtest("ok 1 - a\n").summary, null);
});

// runCase with a shell script standing in for QEMU: the runner appends
// "-serial file:PATH", which the script sees as $1 and $2.
import { runCase } from "../../scripts/harness/run.ts";
import type { Case } from "../qemu/cases.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const logs = mkdtempSync(`${tmpdir()}/harness-test-`);
const fake = (name: string, script: string, more: Partial<Case>): Case => ({
  name,
  arch: "x86_64",
  artifacts: [],
  expect: ["nexus: ready"],
  command: () => ["sh", "-c", `f="\${2#file:}"; ${script}`, "sh"],
  ...more,
});

test("runCase: expected lines and exit status pass", async () => {
  const r = await runCase(
    fake("pass", `printf 'ok 1 - x\\nktest: 1 passed, 0 failed\\nnexus: ready\\n' > "$f"; exit 33`, { exit: 33, ktest: true }),
    1,
    logs,
  );
  assert.equal(r.status, "pass", r.reason);
  assert.equal(r.ktests.length, 1);
});

test("runCase: a wrong exit status, a forbidden line, a failed ktest each fail", async () => {
  const wrongExit = await runCase(fake("exit", `echo 'nexus: ready' > "$f"; exit 3`, { exit: 33 }), 1, logs);
  assert.match(wrongExit.reason, /exit status 3, expected 33/);
  const panic = await runCase(fake("panic", `printf 'nexus: ready\\nPANIC: x\\n' > "$f"`, { exit: 0 }), 1, logs);
  assert.match(panic.reason, /forbidden output \/PANIC:\//);
  const kfail = await runCase(
    fake("kfail", `printf 'not ok 1 - x\\nktest: 0 passed, 1 failed\\nnexus: ready\\n' > "$f"`, { exit: 0, ktest: true }),
    1,
    logs,
  );
  assert.match(kfail.reason, /1 in-kernel test\(s\) failed/);
});

test("runCase: a hung guest is killed at the timeout", async () => {
  const t0 = Date.now();
  const r = await runCase(fake("hang", `echo 'booting' > "$f"; exec sleep 30`, { exit: 0, timeout: 1 }), 1, logs);
  assert.equal(r.status, "fail");
  assert.match(r.reason, /timeout after 1s before "nexus: ready"/);
  assert.ok(Date.now() - t0 < 5000);
});

test("runCase: stopAfter ends an idling guest as a pass; requires skips", async () => {
  const idle = await runCase(
    fake("idle", `echo 'nexus: ready' > "$f"; exec sleep 30`, { stopAfter: "nexus: ready", timeout: 10 }),
    1,
    logs,
  );
  assert.equal(idle.status, "pass", idle.reason);
  assert.ok(idle.seconds < 5);
  const skipped = await runCase(fake("skip", "exit 0", { requires: () => "no Limine" }), 1, logs);
  assert.deepEqual([skipped.status, skipped.reason], ["skip", "no Limine"]);
});
