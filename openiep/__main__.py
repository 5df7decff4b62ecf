from openiep.cli import main

main()
