/* Fault probes: touch an address and return 1 if it page-faulted (the trap
 * handler resumes at probe_recover), 0 if not. For in-kernel tests of
 * protections. */
  .text
  .globl probe_read, probe_write, probe_exec
probe_read:
  lla t0, probe_failed
  sd t0, probe_recover, t1
  ld t2, 0(a0)
  j probe_ok
probe_write:
  lla t0, probe_failed
  sd t0, probe_recover, t1
  sd a0, 0(a0)
  j probe_ok
probe_exec:
  addi sp, sp, -16
  sd ra, 8(sp)
  lla t0, probe_exec_failed
  sd t0, probe_recover, t1
  fence.i
  jalr a0
  ld ra, 8(sp)
  addi sp, sp, 16
probe_ok:
  sd zero, probe_recover, t1
  li a0, 0
  ret
probe_exec_failed:
  ld ra, 8(sp)
  addi sp, sp, 16
probe_failed:
  sd zero, probe_recover, t1
  li a0, 1
  ret
