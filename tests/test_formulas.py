"""Formula cells are found in a sheet's XML as the programs that write workbooks write them."""

import pytest

from app.services.exchange.importing.formulas import Formula, FormulaIndex, _parse, find_formulas

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(rows: str, tail: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {xmlns} '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        f"<{p}sheetData>{rows}</{p}sheetData>{tail}</{p}worksheet>"
    ).encode()


SAMPLES = {
    # openpyxl and scripts: the formula, an empty value
    "openpyxl": (
        sheet(
            '<row r="5"><c r="A5" t="inlineStr"><is><t>a</t></is></c><c r="B5"><f>A1&amp;"x"</f><v/></c>'
            "</row>"
        ),
        {(4, 1): Formula('A1&"x"', False)},
    ),
    "no value element": (
        sheet('<row r="5"><c r="B5"><f>A1&amp;"x"</f></c></row>'),
        {(4, 1): Formula('A1&"x"', False)},
    ),
    # Excel and LibreOffice: the value beside the formula; an empty text result has its type
    "calculated": (
        sheet(
            '<row r="2"><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="str"><f aca="false">""</f><v></v></c>'
            '<c r="E2" t="str"><f>A2</f><v>abc</v></c></row>'
        ),
        {(1, 2): Formula("1+1", True), (1, 3): Formula('""', True), (1, 4): Formula("A2", True)},
    ),
    "shared": (
        sheet(
            '<row r="2"><c r="E2"><f t="shared" ref="E2:E4" si="0">A2*2</f><v>2</v></c></row>'
            '<row r="3"><c r="E3"><f t="shared" si="0"/><v>4</v></c></row>'
            '<row r="4"><c r="E4"><f t="shared" si="0"/><v/></c></row>'
        ),
        {(1, 4): Formula("A2*2", True), (2, 4): Formula("", True), (3, 4): Formula("", False)},
    ),
    "array": (
        sheet('<row r="2"><c r="F2"><f t="array" ref="F2:F3">A2:A3*2</f><v/></c></row>'),
        {(1, 5): Formula("A2:A3*2", False), (2, 5): Formula("", False)},
    ),
    "prefixed": (
        sheet('<x:row r="2"><x:c r="AB2"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>', prefix="x"),
        {(1, 27): Formula("1+1", True)},
    ),
    "indented": (
        sheet(
            '\n  <row r="7">\n    <c r="B7" s="3">\n      <f>SUM(A1:A6)</f>\n'
            "      <v>21</v>\n    </c>\n  </row>\n"
        ),
        {(6, 1): Formula("SUM(A1:A6)", True)},
    ),
    # LibreOffice writes a TRUE or FALSE cell as a formula with its value: a value all the same
    "libreoffice booleans": (
        sheet(
            '<row r="3"><c r="X3" s="15" t="b"><f aca="false">TRUE()</f><v>1</v></c>'
            '<c r="Y3" t="b"><f aca="false">FALSE()</f><v>0</v></c><c r="Z3"><f>TRUE()</f><v/></c></row>'
        ),
        {(2, 25): Formula("TRUE()", False)},
    ),
    # formulas that are not cells': conditional formats, validations (and Excel's extensions of them)
    "not cells": (
        sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lt;f&gt; is text</t></is></c></row>',
            '<conditionalFormatting sqref="A1"><cfRule type="expression"><formula>TODAY()</formula></cfRule>'
            '</conditionalFormatting><extLst><ext><x14:dataValidations xmlns:x14="x14"><x14:dataValidation>'
            "<x14:formula1><xm:f>Lists!$A$1:$A$5</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations>"
            "</ext></extLst>",
        ),
        {},
    ),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_formula_cells_and_whether_the_file_has_their_values(name):
    data, expected = SAMPLES[name]
    assert find_formulas(data) == expected
    assert _parse(data) == expected  # the element-by-element reading agrees
    for piece in (1, 7, 50, 200):  # searched a piece at a time, cut after whole rows: the same
        assert find_formulas(data, piece=piece) == expected


def test_cells_without_an_address_are_placed_as_calamine_places_them():
    data = sheet(
        '<row r="3"><c><v>1</v></c><c><f>A3</f><v/></c></row>'
        '<row><c r="C4"><f>1</f><v>1</v></c><c><f>2</f></c></row>'
    )
    placed = {
        (2, 1): Formula("A3", False),
        (3, 2): Formula("1", True),
        (3, 3): Formula("2", False),
    }
    assert find_formulas(data) == placed
    assert find_formulas(data, piece=20) == placed  # the element-by-element reading, of the whole sheet


def test_the_plan_names_ten_formula_cells_and_counts_the_rest(workdir):
    index = FormulaIndex(workdir / "any.xlsx")
    for row in range(1, 14):
        index.taken(f"Проекты!O{row}", row * 100)
    notes = index.notes()
    assert len(notes) == 11
    assert notes[0] == "Формула в ячейке Проекты!O1 принята как показываемое ею значение: 100"
    assert notes[-1] == "… и ещё 3 ячейки с формулами приняты как показываемые ими значения."
