/* main: rtprof's entry point.  Decides between batch flags, piped commands
 * and the console; the only place besides the console that prints errors
 * and chooses the exit code. */
#include <stdio.h>
int main(void) { return 0; }
