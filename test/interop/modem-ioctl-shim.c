/*
 * LD_PRELOAD shim for the interop tests: a pseudo-terminal has no modem-control
 * lines, so Linux answers TIOCMGET/TIOCMSET/TIOCMBIS/TIOCMBIC (and TIOCMIWAIT)
 * with an error, and some serial clients (gnokii, gsmlib, wvdial) give up on it.
 * Here those requests succeed: DTR/RTS writes are remembered, reads report them
 * together with DSR, CTS and DCD up, as a USB modem port would. Everything else
 * goes to the real ioctl.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <termios.h>

static int lines = TIOCM_DTR | TIOCM_RTS;

static int (*real_ioctl)(int, unsigned long, ...);

/*
 * Resolved at load time, not on the first call: wvdial runs its dialer in coroutines with small
 * stacks, and a dlsym() there overflows one (WvTaskMan::yield's stack_magic assertion).
 */
__attribute__((constructor)) static void resolve_ioctl(void) {
  real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
}

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  switch (request) {
    case TIOCMGET:
      *(int *)arg = lines | TIOCM_DSR | TIOCM_CTS | TIOCM_CAR;
      return 0;
    case TIOCMSET:
      lines = *(int *)arg;
      return 0;
    case TIOCMBIS:
      lines |= *(int *)arg;
      return 0;
    case TIOCMBIC:
      lines &= ~*(int *)arg;
      return 0;
    case TIOCMIWAIT:
      return 0;
    default:
      break;
  }
  if (!real_ioctl) resolve_ioctl();
  return real_ioctl(fd, request, arg);
}
