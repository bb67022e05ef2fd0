from wmhr.cli import main

main()
