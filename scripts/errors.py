"""The error every stage of a build raises when it cannot go on: loading the data, a generator,
the printable files, the build itself. The command line reports it and leaves the previous site
as it was. It lives in its own small module so that every stage can import it at the top."""


class BuildFailed(Exception):
    pass
