# analyze/build.mk: filled in by the analyze work
