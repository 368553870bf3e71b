from practicesite.cli import main

main()
