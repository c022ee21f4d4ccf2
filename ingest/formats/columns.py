"""Column mappings: which spreadsheet column holds which key-value field.

The structure step reads a project's fields from ``Key: value`` lines, with
the keys below. A CSV or XLSX export names its columns as its system pleases
("Budjetti (€)", "Rahoittaja", "Hallinnoija"), so each column header is mapped
to one of our field names, found in this order:

1. a mapping file ``<name>.mapping.json`` beside the data file
   (``hankkeet.mapping.json`` for ``hankkeet.csv`` and ``hankkeet.xlsx``);
2. else the file named by the ``column_mapping`` setting
   (``ALUEVERKKO_COLUMN_MAPPING``);
3. else, and for every column a mapping file does not name, the default:
   common Finnish headers, recognised case-insensitively and without units
   in parentheses.

A mapping file is a JSON object from column header to field name, or to
``null`` to leave the column out: ``{"Rahoittaja": "Rahoittajat", "Sisäinen
tunnus": null}``. A column no mapping recognises is kept under its own header.

>>> mapping = ColumnMapping()
>>> mapping.field_for("BUDJETTI (€)"), mapping.field_for("Hallinnoija"), mapping.field_for("Tila")
('Budjetti', 'Toteuttaja', 'Tila')
>>> ColumnMapping({"tila": None}).field_for("Tila") is None
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from alueverkko.errors import DocumentError

#: The key-value field names the structure step reads.
FIELDS = ("Hankkeen nimi", "Toteutusaika", "Alkaa", "Päättyy", "Budjetti", "Tekijät", "Toteuttaja",
          "Rahoittajat", "Osatoteuttajat", "Yhteyshenkilö", "Sähköposti", "Puhelin", "Kuvaus", "Alue", "Ohjelma")

_DEFAULT_HEADERS = {
    "Hankkeen nimi": ("hankkeen nimi", "hanke", "hankenimi", "hankkeen nimi suomeksi", "projekti",
                      "projektin nimi"),
    "Toteutusaika": ("toteutusaika", "hankeaika", "hankkeen kesto", "kesto", "aikataulu", "toteutusajanjakso"),
    "Alkaa": ("alkaa", "alku", "alkupäivä", "alkamispäivä", "aloituspäivä", "alkupvm", "aloitus",
              "hanke alkaa", "toteutusaika alkaa"),
    "Päättyy": ("päättyy", "loppu", "loppupäivä", "päättymispäivä", "loppupvm", "päättyminen",
                "hanke päättyy", "toteutusaika päättyy"),
    "Budjetti": ("budjetti", "kokonaisbudjetti", "kustannusarvio", "kokonaiskustannukset",
                 "hankkeen budjetti", "kokonaisrahoitus"),
    "Tekijät": ("tekijät", "tekijä"),
    "Toteuttaja": ("toteuttaja", "toteuttajat", "päätoteuttaja", "hallinnoija", "hallinnoiva organisaatio",
                   "vastuutaho", "tuensaaja", "hakija"),
    "Rahoittajat": ("rahoittajat", "rahoittaja", "rahoitus", "rahoituslähde", "rahoittava viranomainen",
                    "myöntäjä", "rahoituksen myöntäjä"),
    "Osatoteuttajat": ("osatoteuttajat", "osatoteuttaja", "kumppanit", "yhteistyökumppanit", "partnerit"),
    "Yhteyshenkilö": ("yhteyshenkilö", "yhteyshenkilöt", "projektipäällikkö", "vastuuhenkilö", "hankevastaava"),
    "Sähköposti": ("sähköposti", "sähköpostiosoite", "s-posti", "email", "e-mail"),
    "Puhelin": ("puhelin", "puh", "puhelinnumero", "puh.", "matkapuhelin"),
    "Kuvaus": ("kuvaus", "hankkeen kuvaus", "tiivistelmä", "lyhyt kuvaus", "sisältö"),
    "Alue": ("alue", "maakunta", "kunta", "kunnat", "toiminta-alue", "kohdealue", "toteutusalue"),
    "Ohjelma": ("ohjelma", "rahoitusohjelma", "ohjelmakausi", "toimintalinja"),
}
_UNITS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")


def header_key(header: str) -> str:
    """A header as compared: lower case, units in parentheses and trailing colons dropped.

    >>> header_key("  Budjetti (€): ")
    'budjetti'
    """
    return re.sub(r"\s+", " ", _UNITS.sub(" ", header)).strip().rstrip(":").strip().lower()


DEFAULT_MAPPING = {header_key(header): name for name, headers in _DEFAULT_HEADERS.items() for header in headers}


@dataclass(frozen=True)
class ColumnMapping:
    """Header -> field name (or None to leave the column out); the default fills the gaps."""

    explicit: dict[str, str | None] = field(default_factory=dict)
    source: str = ""

    def field_for(self, header: str) -> str | None:
        key = header_key(header)
        if key in self.explicit:
            return self.explicit[key]
        return DEFAULT_MAPPING.get(key, " ".join(header.split()))

    def recognises(self, header: str) -> bool:
        key = header_key(header)
        return key in self.explicit or key in DEFAULT_MAPPING

    def unused(self, headers: list[str]) -> list[str]:
        """Headers the mapping file names that the data file does not have."""
        present = {header_key(header) for header in headers}
        return [key for key in self.explicit if key not in present]


def mapping_for(data_path: Path, setting: Path | None) -> ColumnMapping:
    """The mapping of a CSV or XLSX file: its sidecar file, else the setting's file, else the default."""
    sidecar = data_path.with_name(data_path.stem + ".mapping.json")
    if sidecar.is_file():
        return read_mapping(sidecar)
    if setting is not None:
        return read_mapping(Path(setting))
    return ColumnMapping()


def read_mapping(path: Path) -> ColumnMapping:
    """Read and check a mapping file; a DocumentError names the file and the bad entry."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise _mapping_error(path, f"Cannot read the column mapping: {exc.strerror}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _mapping_error(path, f"The column mapping is not valid UTF-8 JSON ({exc}).") from exc
    if not isinstance(raw, dict):
        raise _mapping_error(path, "The column mapping must be a JSON object from column header to field name.")
    explicit: dict[str, str | None] = {}
    for header, name in raw.items():
        if name is not None and name not in FIELDS:
            raise _mapping_error(path, f"The column mapping maps {header!r} to {name!r}, which is not a field name.")
        explicit[header_key(header)] = name
    return ColumnMapping(explicit, str(path))


def _mapping_error(path: Path, message: str) -> DocumentError:
    return DocumentError(message, where=str(path), details={"problem": "bad_mapping"},
                         fix=f"Map each column header to one of: {', '.join(FIELDS)}, or to null to leave it out.")
