from practicesite.cli import run

run()
