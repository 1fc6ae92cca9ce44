/* report_assets.h: the style sheet and script inlined into every report, kept as C strings so the
 * command needs no files at run time. */
#ifndef HEAPWATCH_REPORT_ASSETS_H
#define HEAPWATCH_REPORT_ASSETS_H

extern const char hw_report_style[];    /* report_style.c */
extern const char hw_report_script[];   /* report_script.c */

#endif
