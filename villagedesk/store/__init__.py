"""The desk's SQLite file through sqlite-utils: schema, migrations, one module per aggregate."""
