/* SPDX-License-Identifier: MIT */
/* noop: the trivial program that spawn's posix_spawn and exec variants start. */
int main(void)
{
	return 0;
}
