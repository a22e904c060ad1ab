"""Sub-commands of main.py. Each module has `add_arguments(parser)` and `run(args) -> exit code`,
and imports what it needs inside `run`, so that building the parser stays cheap."""

# name → module; the help text is the module's docstring's first line.
COMMANDS = {
    "demo": "app.commands.demo",
    "check": "app.commands.check",
    "backup": "app.commands.backup",
    "restore": "app.commands.restore",
    "export": "app.commands.export",
    "import": "app.commands.import_",
    "agenda": "app.commands.agenda",
    "roadmap-pdf": "app.commands.roadmap_pdf",
    "report": "app.commands.report",
    "changes": "app.commands.changes",
    "history": "app.commands.history",
    "copy": "app.commands.copy",
}
