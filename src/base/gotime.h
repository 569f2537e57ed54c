/* gotime: Go's time and duration texts that pprof prints, in the local
 * time zone as Go's time.Local (TZ) gives it. */
#ifndef RT_GOTIME_H
#define RT_GOTIME_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

/* Time.Format("Jan 2, 2006 at 3:04pm (MST)"): pprof's "Time:" label. */
void go_time_label(int64_t unix_nanos, struct sbuf *out);
/* Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST". */
void go_time_string(int64_t unix_nanos, struct sbuf *out);
/* Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
void go_duration_string(int64_t d, char *buf, size_t n);

#endif
