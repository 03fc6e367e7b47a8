// SwiftPM drops pkg-config's -D flags, so the wide-character API must be enabled here,
// before curses.h. Macros and globals Swift cannot import are wrapped as inline functions.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <curses.h>

static inline WINDOW *till_stdscr(void) { return stdscr; }
static inline int till_lines(void) { return LINES; }
static inline int till_cols(void) { return COLS; }
static inline void till_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t till_A_BOLD(void) { return A_BOLD; }
static inline attr_t till_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t till_A_DIM(void) { return A_DIM; }
static inline attr_t till_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t till_A_NORMAL(void) { return A_NORMAL; }
static inline attr_t till_COLOR_PAIR(int n) { return COLOR_PAIR(n); }
static inline int till_KEY_F(int n) { return KEY_F(n); }
static inline const char *till_codeset(void) { return nl_langinfo(CODESET); }
