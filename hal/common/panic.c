/* The panic path: one place that prints what went wrong and stops the machine
 * at once (QEMU exits with a failure status). It uses no TS code, so it works
 * whatever state the TS heap is in. */
#include "nexus.h"

/* The console the TS kernel chose (panic.console); until then the arch
 * default. UART_* are drivers/uart/uart.ts's kinds (constants.h). */
static uint32_t uart_kind;
static uint64_t uart_base;
static uint32_t uart_shift, uart_width;

void Z_panicZ_console(struct Z_panic_instance_t *h, uint32_t kind, uint64_t base, uint32_t shift, uint32_t width) {
  (void)h;
  uart_kind = kind;
  uart_base = base;
  uart_shift = shift;
  uart_width = width;
}

static void uart_write(int c) {
  volatile uint8_t *b = (volatile uint8_t *)(uintptr_t)uart_base; /* virtual */
  switch (uart_kind) {
  case UART_NS16550A:
  case UART_DW_APB: {
    uint64_t lsr = 5u << uart_shift, thr = 0;
    for (int spin = 0; spin < 1000000; spin++) {
      uint32_t s = uart_width == 4 ? *(volatile uint32_t *)(b + lsr) : b[lsr];
      if (s & 0x20) break;
    }
    if (uart_width == 4) *(volatile uint32_t *)(b + thr) = (uint32_t)c;
    else b[thr] = (uint8_t)c;
    break;
  }
  case UART_SIFIVE: {
    volatile uint32_t *txdata = (volatile uint32_t *)b;
    for (int spin = 0; spin < 1000000 && (int32_t)*txdata < 0; spin++) {}
    *txdata = (uint32_t)c;
    break;
  }
  default:
    arch_console_putc(c);
  }
}

static void putc_crlf(int c) {
  if (c == '\n') uart_write('\r');
  uart_write(c);
}

void kputs(const char *s) {
  while (*s) putc_crlf(*s++);
}

void kputhex(uint64_t v) {
  char buf[19] = "0x";
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  buf[18] = 0;
  kputs(buf);
}

/* Symbol table appended by the second link (scripts/gen-ksyms.sh): sorted addresses. */
struct ksym { uint64_t addr; uint32_t name; uint32_t pad; };
extern const struct ksym ksyms[];
extern const uint64_t ksyms_count;
extern const char ksyms_names[];

static const char *symbol_for(uint64_t pc, uint64_t *off) {
  uint64_t lo = 0, hi = ksyms_count;
  if (!hi || pc < ksyms[0].addr) return 0;
  while (hi - lo > 1) {
    uint64_t mid = (lo + hi) / 2;
    if (ksyms[mid].addr <= pc) lo = mid;
    else hi = mid;
  }
  *off = pc - ksyms[lo].addr;
  return ksyms_names + ksyms[lo].name;
}

/* Return addresses point after the call, which for a noreturn callee may be
 * the next function: look up pc - 1 for every frame but a faulting pc. */
static void print_frame(int n, uint64_t pc, int is_return) {
  uint64_t off = 0;
  const char *name = symbol_for(pc - is_return, &off);
  off += is_return;
  kputs("  #");
  putc_crlf('0' + n / 10);
  putc_crlf('0' + n % 10);
  kputs(" ");
  kputhex(pc);
  if (name) {
    kputs(" ");
    kputs(name);
    kputs("+");
    kputhex(off);
  }
  kputs("\n");
}

static int is_panic_frame(uint64_t ret) {
  uint64_t off;
  const char *name = symbol_for(ret - 1, &off);
  return name && (!__builtin_memcmp(name, "panic_", 6) || !__builtin_memcmp(name, "wasm_rt_trap", 12));
}

static void print_stack(uint64_t pc, uint64_t fp) {
  kputs("stack:\n");
  int n = 0;
  if (pc) print_frame(n++, pc, 0);
  for (int depth = 0; depth < 64 && n < 32 && fp; depth++) {
    uint64_t ret, caller;
    if (!arch_unwind(fp, &ret, &caller) || !ret) break;
    if (n > 0 || !is_panic_frame(ret)) print_frame(n++, ret, 1);
    if (caller <= fp) break; /* stacks grow down: callers are above */
    fp = caller;
  }
}

static int panicking;

_Noreturn void panic_regs(const char *kind, const char *detail, const struct panic_regs *r) {
  if (panicking++) { /* a fault inside the panic path: stop quietly */
    kputs("PANIC: recursive panic\n");
    arch_exit_failure();
  }
  kputs("\nPANIC: ");
  kputs(kind);
  if (detail && *detail) {
    kputs(": ");
    kputs(detail);
  }
  kputs("\n");
  uint64_t pc = 0, fp = arch_frame_pointer();
  if (r) {
    for (int i = 0; i < r->count; i++) {
      kputs(i % 4 ? "  " : (i ? "\n  " : "  "));
      kputs(r->names[i]);
      kputs("=");
      kputhex(r->values[i]);
    }
    kputs("\n");
    pc = r->pc;
    fp = r->fp;
  }
  print_stack(pc, fp);
  arch_exit_failure();
}

_Noreturn void panic_here(const char *kind, const char *detail) { panic_regs(kind, detail, 0); }
_Noreturn void panic_str(const char *msg) { panic_regs("kernel", msg, 0); }

/* AssemblyScript's abort(message, file, line, column): strings are UTF-16LE
 * in linear memory with their byte length at ptr-4. */
extern Z_kernel_instance_t kernel_instance;

static void print_as_string(uint32_t ptr) {
  wasm_rt_memory_t *m = Z_kernelZ_memory(&kernel_instance);
  if (ptr < 4 || ptr > m->size) { kputs("?"); return; }
  uint32_t len = *(uint32_t *)(m->data + ptr - 4);
  if (len > m->size - ptr) len = m->size - ptr;
  for (uint32_t i = 0; i + 1 < len && i < 512; i += 2) {
    uint16_t ch = (uint16_t)(m->data[ptr + i] | (m->data[ptr + i + 1] << 8));
    putc_crlf(ch < 128 ? ch : '?');
  }
}

static void print_dec(uint32_t v) {
  char buf[11];
  int i = 10;
  buf[i] = 0;
  do { buf[--i] = '0' + v % 10; v /= 10; } while (v);
  kputs(buf + i);
}

void Z_envZ_abort(struct Z_env_instance_t *e, uint32_t msg, uint32_t file, uint32_t line, uint32_t col) {
  (void)e;
  if (panicking++) arch_exit_failure();
  kputs("\nPANIC: abort: ");
  print_as_string(msg);
  if (file) {
    kputs(" at ");
    print_as_string(file);
    kputs(":");
    print_dec(line);
    kputs(":");
    print_dec(col);
  }
  kputs("\n");
  print_stack(0, arch_frame_pointer());
  arch_exit_failure();
}
