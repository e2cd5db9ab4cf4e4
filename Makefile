# The two commands a newcomer needs; both install what is missing first.
.PHONY: demo test docs

demo:  ## build a lab, diagnose it, write reports/report.html, tear the lab down
	scripts/demo.sh

test:  ## lint, types, unit tests, lab tests and end-to-end tests
	scripts/test.sh

docs:  ## build the docs site into site/ (offline; open site/index.html or serve the folder)
	scripts/bootstrap.sh
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d site
