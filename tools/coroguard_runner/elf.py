"""Reads the two things run-coroguard needs from an ELF file: one section's bytes and the GNU
build id (which changes whenever the linked code does, so it keys the result cache). Only the
headers and those sections are read, not the whole binary."""
import struct

_ELF_MAGIC = b"\x7fELF"
_SHT_NOTE = 7
_NT_GNU_BUILD_ID = 3


def _build_id(notes, endian):
    position = 0
    while position + 12 <= len(notes):
        name_size, desc_size, note_type = struct.unpack_from(endian + "III", notes, position)
        name_start = position + 12
        desc_start = name_start + (name_size + 3) // 4 * 4
        if note_type == _NT_GNU_BUILD_ID and notes[name_start:name_start + 3] == b"GNU":
            return notes[desc_start:desc_start + desc_size].hex()
        position = desc_start + (desc_size + 3) // 4 * 4
    return None


def read(path, section):
    """(build id hex or None, the named section's bytes or b"") of a 64-bit ELF file."""
    with open(path, "rb") as f:
        def at(offset, size):
            f.seek(offset)
            return f.read(size)
        header = at(0, 64)
        if len(header) < 64 or header[:4] != _ELF_MAGIC or header[4] != 2:
            return None, b""
        endian = "<" if header[5] == 1 else ">"
        shoff, = struct.unpack_from(endian + "Q", header, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", header, 0x3A)
        table = at(shoff, shentsize * shnum)
        try:
            headers = [struct.unpack_from(endian + "IIQQQQ", table, i * shentsize)
                       for i in range(shnum)]
            _, _, _, _, names_offset, names_size = headers[shstrndx]
        except (struct.error, IndexError):
            return None, b""
        names = at(names_offset, names_size)
        build_id, content = None, b""
        for name, kind, _, _, offset, size in headers:
            label = names[name:names.find(b"\0", name)].decode(errors="replace")
            if kind == _SHT_NOTE and build_id is None:
                build_id = _build_id(at(offset, size), endian)
            if label == section:
                content = at(offset, size)
        return build_id, content
