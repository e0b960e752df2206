"""Data plane compiler: a config snapshot -> nginx + ModSecurity files. Pure, no I/O."""
