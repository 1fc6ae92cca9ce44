# bench/build.mk: filled in by the bench work
