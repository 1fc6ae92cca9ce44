# demo_server/build.mk: filled in by the demo_server work
