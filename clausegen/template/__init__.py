"""Clause text to blocks: the sandboxed Jinja2 environment clause texts run in (`sandbox`), the
plain, immutable data they see (`plain`) and its shape for `check` (`shapes`), and the Markdown
subset turned into paragraphs, lists and tables (`render`)."""
