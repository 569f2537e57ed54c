/* tags: label keys and values with their weights.  Its words filter
 * tags (tagfocus/tagignore), not frames. */
#include "console/cmd.h"

const struct cmd_entry cmd_tags_entry = {
	.name = "tags",
	.args = "",
	.description = "Outputs all tags in the profile",
	.usage = "tags [tag_regex]* [-ignore_regex]* [>file]\n"
		 "List tags with key:value matching tag_regex and exclude ignore_regex.",
	.report = REPORT_TAGS,
	.flags = CMD_REPORT,
	.exec = cmd_report_exec,
};
