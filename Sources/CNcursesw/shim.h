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
static inline mmask_t till_BUTTON1_CLICKED(void) { return BUTTON1_CLICKED; }
static inline mmask_t till_BUTTON1_PRESSED(void) { return BUTTON1_PRESSED; }
static inline mmask_t till_BUTTON1_RELEASED(void) { return BUTTON1_RELEASED; }
/* endwin only while curses is active, so exit paths can call it unconditionally. */
static inline void till_endwin_if_active(void) { if (stdscr != NULL && !isendwin()) endwin(); }
static inline int till_colors(void) { return COLORS; }
/* newterm on the process's stdin/stdout; unlike initscr it returns NULL instead of exiting on a bad TERM. */
static inline SCREEN *till_newterm(void) { return newterm(NULL, stdout, stdin); }
