using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Sakip.Api.Infrastructure;

/// <summary>The cell styles of the printed workbooks (indexes into the one stylesheet below).</summary>
public enum CellStyle : uint
{
    Default = 0, Title = 1, Subtitle = 2, Header = 3, Text = 4, Money = 5, Number = 6, Percent = 7,
    GroupText = 8, GroupMoney = 9, GroupPercent = 10, Plain = 11, PlainBold = 12, PlainCenter = 13, Note = 14,
    Centered = 15, SignatureName = 16,
}

public readonly record struct SheetCell(object? Value, CellStyle Style)
{
    public static implicit operator SheetCell(string? text) => new(text, CellStyle.Text);
}

/// <summary>
/// A workbook laid out for printing, written with the Open XML SDK: title rows, merged group headers, number formats
/// (the reader's Excel or LibreOffice shows 1.587.538.237 in an Indonesian locale), column widths, wrapped text, the
/// header rows frozen and repeated on every printed page, A4 landscape fitted to the page width.
/// </summary>
public sealed class Spreadsheet
{
    private readonly List<Sheet> _sheets = [];

    public Sheet Add(string name, params double[] widths)
    {
        var sheet = new Sheet(name, widths);
        _sheets.Add(sheet);
        return sheet;
    }

    public byte[] Save()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = new Sheets();
            var names = new DefinedNames();
            for (var i = 0; i < _sheets.Count; i++)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = _sheets[i].Worksheet();
                sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet
                {
                    Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = _sheets[i].Name,
                });
                if (_sheets[i].HeaderRows is { } rows)
                    names.Append(new DefinedName($"'{_sheets[i].Name}'!${rows.First}:${rows.Last}")
                    {
                        Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i,
                    });
            }

            workbookPart.Workbook = new Workbook(sheets);
            if (names.HasChildren) workbookPart.Workbook.Append(names);
        }

        return stream.ToArray();
    }

    public sealed class Sheet(string name, double[] widths)
    {
        private readonly List<Row> _rows = [];
        private readonly List<string> _merges = [];

        public string Name { get; } = name.Length > 31 ? name[..31] : name;
        public (int First, int Last)? HeaderRows { get; private set; }
        public int Count => _rows.Count;

        /// <summary>Appends a row; cells fill columns A, B, ... and a null cell leaves its column empty.</summary>
        public int Row(params SheetCell?[] cells)
        {
            var index = (uint)(_rows.Count + 1);
            var row = new Row { RowIndex = index };
            for (var c = 0; c < cells.Length; c++)
                if (cells[c] is { } cell) row.Append(Cell(Reference(c, (int)index), cell));
            _rows.Add(row);
            return (int)index;
        }

        public void Merge(int row, int fromColumn, int toColumn, int? toRow = null) =>
            _merges.Add($"{Reference(fromColumn, row)}:{Reference(toColumn, toRow ?? row)}");

        /// <summary>Rows printed at the top of every page and frozen on screen.</summary>
        public void Header(int first, int last) => HeaderRows = (first, last);

        internal Worksheet Worksheet()
        {
            var worksheet = new Worksheet(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            if (HeaderRows is { } header)
                worksheet.Append(new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = header.Last, TopLeftCell = $"A{header.Last + 1}", ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                }) { WorkbookViewId = 0 }));
            worksheet.Append(new Columns(widths.Select((w, i) => new Column
            {
                Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true,
            })));
            worksheet.Append(new SheetData(_rows));
            if (_merges.Count > 0) worksheet.Append(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })));
            worksheet.Append(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.2, Footer = 0.2 });
            worksheet.Append(new PageSetup
            {
                PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0,
            });
            return worksheet;
        }

        private static Cell Cell(string reference, SheetCell cell)
        {
            var result = new Cell { CellReference = reference, StyleIndex = (uint)cell.Style };
            switch (cell.Value)
            {
                case null:
                    break;
                case decimal number:
                    result.DataType = CellValues.Number;
                    result.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case int number:
                    result.DataType = CellValues.Number;
                    result.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    result.DataType = CellValues.InlineString;
                    result.InlineString = new InlineString(new Text(cell.Value.ToString() ?? "") { Space = SpaceProcessingModeValues.Preserve });
                    break;
            }

            return result;
        }

        private static string Reference(int column, int row)
        {
            var letters = "";
            for (var c = column + 1; c > 0; c = (c - 1) / 26) letters = (char)('A' + (c - 1) % 26) + letters;
            return letters + row.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static Stylesheet Styles()
    {
        static Font Font(bool bold = false, double size = 9, bool italic = false, bool underline = false)
        {
            var font = new Font();
            if (bold) font.Append(new Bold());
            if (italic) font.Append(new Italic());
            if (underline) font.Append(new Underline());
            font.Append(new FontSize { Val = size }, new FontName { Val = "Arial" });
            return font;
        }

        static CellFormat Format(uint font = 0, uint fill = 0, uint border = 0, uint numberFormat = 0,
            HorizontalAlignmentValues? horizontal = null, bool wrap = false, bool top = true) => new(new Alignment
            {
                Horizontal = horizontal, Vertical = top ? VerticalAlignmentValues.Top : VerticalAlignmentValues.Center,
                WrapText = wrap,
            })
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = numberFormat, ApplyAlignment = true,
            ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyNumberFormat = numberFormat != 0,
        };

        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin, Color = new Color { Auto = true } },
            new RightBorder { Style = BorderStyleValues.Thin, Color = new Color { Auto = true } },
            new TopBorder { Style = BorderStyleValues.Thin, Color = new Color { Auto = true } },
            new BottomBorder { Style = BorderStyleValues.Thin, Color = new Color { Auto = true } },
            new DiagonalBorder());
        const uint money = 3, percent = 4; // built-in formats #,##0 and #,##0.00
        return new Stylesheet(
            new Fonts(Font(), Font(bold: true), Font(bold: true, size: 12), Font(italic: true, size: 8),
                Font(bold: true, underline: true)),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid })),
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                thin),
            new CellFormats(
                Format(),                                                                                  // Default
                Format(font: 2, horizontal: HorizontalAlignmentValues.Center, top: false),                 // Title
                Format(font: 1, horizontal: HorizontalAlignmentValues.Center, top: false),                 // Subtitle
                Format(font: 1, fill: 2, border: 1, horizontal: HorizontalAlignmentValues.Center, wrap: true, top: false), // Header
                Format(border: 1, wrap: true),                                                             // Text
                Format(border: 1, numberFormat: money),                                                    // Money
                Format(border: 1),                                                                         // Number
                Format(border: 1, numberFormat: percent),                                                  // Percent
                Format(font: 1, border: 1, wrap: true),                                                    // GroupText
                Format(font: 1, border: 1, numberFormat: money),                                           // GroupMoney
                Format(font: 1, border: 1, numberFormat: percent),                                         // GroupPercent
                Format(),                                                                                  // Plain
                Format(font: 1),                                                                           // PlainBold
                Format(horizontal: HorizontalAlignmentValues.Center, wrap: true),                          // PlainCenter
                Format(font: 3, wrap: true),                                                               // Note
                Format(border: 1, horizontal: HorizontalAlignmentValues.Center),                           // Centered
                Format(font: 4, horizontal: HorizontalAlignmentValues.Center)));                           // SignatureName
    }
}
