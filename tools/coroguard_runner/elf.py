"""Reads the two things run-coroguard needs from an ELF file: a section's bytes and the GNU
build id (which changes whenever the linked code does, so it keys the result cache)."""
import struct

_ELF_MAGIC = b"\x7fELF"
_SHT_NOTE = 7
_NT_GNU_BUILD_ID = 3


def _sections(data):
    if data[:4] != _ELF_MAGIC or data[4] != 2:  # ELFCLASS64 only: the plugin is built for x86-64
        return {}
    endian = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(endian + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x3A)
    headers = []
    for index in range(shnum):
        name, kind, _, _, offset, size = struct.unpack_from(
            endian + "IIQQQQ", data, shoff + index * shentsize)
        headers.append((name, kind, offset, size))
    if shstrndx >= len(headers):
        return {}
    names_offset = headers[shstrndx][2]
    sections = {}
    for name, kind, offset, size in headers:
        end = data.index(b"\0", names_offset + name)
        sections[data[names_offset + name:end].decode()] = (kind, data[offset:offset + size], endian)
    return sections


def read(path):
    """Returns (build_id_hex or None, {section name: bytes}) for an ELF file, or (None, {})."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        sections = _sections(data)
    except (struct.error, ValueError):
        return None, {}
    build_id = None
    for kind, content, endian in sections.values():
        if kind != _SHT_NOTE:
            continue
        position = 0
        while position + 12 <= len(content):
            name_size, desc_size, note_type = struct.unpack_from(endian + "III", content, position)
            name_start = position + 12
            desc_start = name_start + (name_size + 3) // 4 * 4
            if note_type == _NT_GNU_BUILD_ID and content[name_start:name_start + 3] == b"GNU":
                build_id = content[desc_start:desc_start + desc_size].hex()
            position = desc_start + (desc_size + 3) // 4 * 4
    return build_id, {name: content for name, (_, content, _) in sections.items()}
