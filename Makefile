# The two commands a newcomer needs; both install what is missing first.
.PHONY: demo test

demo:  ## build a lab, diagnose it, write reports/report.html, tear the lab down
	scripts/demo.sh

test:  ## lint, types, unit tests, lab tests and end-to-end tests
	scripts/test.sh
