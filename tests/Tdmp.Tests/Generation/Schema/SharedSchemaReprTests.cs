using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>The repr of the four shared schemas, node by node, against what the files say.</summary>
public class SharedSchemaReprTests
{
    private static SchemaNode Node(SchemaRepr repr, string path) =>
        repr.Find(path) ?? throw new Xunit.Sdk.XunitException($"no node '{path}'");

    [Fact]
    public void Order_is_read_as_draft_2020_12_with_a_closed_root()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        Assert.Equal(SchemaLanguage.JsonSchema, repr.Language);
        Assert.Equal("2020-12", repr.Dialect);
        var root = Assert.Single(repr.Roots);
        Assert.Equal("", root.Path);
        Assert.Equal("Order", root.Name);
        Assert.True(root.Closed);
        Assert.Equal(
            ["order_id", "order_number", "status", "placed_at", "delivery_date", "channel", "gift", "notes", "customer",
             "shipping_address", "items", "payment", "total", "currency", "tags"],
            root.Children.Select(c => c.Name));
    }

    [Fact]
    public void Order_line_item_unit_price_has_exclusive_minimum_maximum_and_multiple_of()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var price = Node(repr, "items[].unit_price");
        Assert.Equal(NodeKind.Number, price.Kind);
        Assert.Equal(0m, price.Minimum);
        Assert.True(price.ExclusiveMinimum);
        Assert.Equal(5000m, price.Maximum);
        Assert.False(price.ExclusiveMaximum);
        Assert.Equal(0.01m, price.MultipleOf);
        Assert.True(price.Required);
    }

    [Fact]
    public void Order_items_is_an_array_of_one_to_eight_closed_line_items()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var items = Node(repr, "items");
        Assert.Equal(NodeKind.Array, items.Kind);
        Assert.Equal(1, items.MinOccurs);
        Assert.Equal(8, items.MaxOccurs);
        Assert.False(items.Unbounded);
        var item = Assert.Single(items.Children);
        Assert.Equal("items[]", item.Path);
        Assert.Equal(NodeKind.Object, item.Kind);
        Assert.True(item.Closed);
        Assert.Equal(["sku", "description", "quantity", "unit_price", "discount_pct"], item.Children.Select(c => c.Name));
        Assert.Equal(["sku", "quantity", "unit_price"], item.Children.Where(c => c.Required).Select(c => c.Name));
        var discount = Node(repr, "items[].discount_pct");
        Assert.Equal((0m, 50m, 5m), (discount.Minimum!.Value, discount.Maximum!.Value, discount.MultipleOf!.Value));
        Assert.Equal(["^[A-Z]{2}-[0-9]{6}$"], Node(repr, "items[].sku").Patterns!);
    }

    [Fact]
    public void Order_fields_keep_formats_enums_defaults_and_nullability()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        Assert.Equal(NodeKind.DateTime, Node(repr, "placed_at").Kind);
        var delivery = Node(repr, "delivery_date");
        Assert.Equal(NodeKind.Date, delivery.Kind);
        Assert.True(delivery.Nullable);
        Assert.False(delivery.Required);
        var status = Node(repr, "status");
        Assert.Equal(NodeKind.String, status.Kind);
        Assert.Equal(["pending", "paid", "shipped", "delivered", "cancelled", "refunded"], status.Enum!);
        Assert.False(status.Nullable);
        Assert.Equal("web", Node(repr, "channel").Default);
        var email = Node(repr, "customer.email");
        Assert.Equal(("email", 254), (email.Format, email.MaxLength!.Value));
        Assert.Equal("uuid", Node(repr, "customer.customer_id").Format);
        var phone = Node(repr, "customer.phone");
        Assert.True(phone.Nullable);
        Assert.Equal("ecma262", phone.PatternSyntax);
        var total = Node(repr, "total");
        Assert.Equal((0m, 100000m, 0.01m), (total.Minimum!.Value, total.Maximum!.Value, total.MultipleOf!.Value));
        var tags = Node(repr, "tags");
        Assert.True(tags.UniqueItems);
        Assert.Equal(4, tags.MaxOccurs);
        Assert.Equal(0, tags.MinOccurs);
        Assert.Equal((2, 16), (Node(repr, "tags[]").MinLength!.Value, Node(repr, "tags[]").MaxLength!.Value));
    }

    [Fact]
    public void Order_payment_one_of_is_a_choice_of_card_and_bank_transfer()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var payment = Node(repr, "payment");
        Assert.Equal(NodeKind.Choice, payment.Kind);
        Assert.Equal(2, payment.Children.Count);
        var card = payment.Children[0];
        Assert.Equal("payment", card.Path);
        Assert.True(card.Closed);
        Assert.Equal(["method", "card_last4", "card_brand"], card.Children.Select(c => c.Name));
        Assert.Equal("card", card.Children[0].Const);
        Assert.Equal("payment.card_last4", card.Children[1].Path);
        var bank = payment.Children[1];
        Assert.Equal("bank_transfer", bank.Children[0].Const);
        Assert.Equal(["^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"], bank.Children.Single(c => c.Name == "iban").Patterns!);
        Assert.Equal(2, repr.FindAll("payment.method").Count());
    }

    [Fact]
    public void Employee_is_draft_07_with_definitions_and_merged_all_of()
    {
        var repr = SharedSchemas.Read("employee.schema.json");
        Assert.Equal("draft-07", repr.Dialect);
        var office = Node(repr, "office");
        Assert.Equal(NodeKind.Object, office.Kind);
        Assert.Equal(["site", "country", "floor"], office.Children.Select(c => c.Name));
        Assert.All(office.Children, c => Assert.True(c.Required));
        var floor = Node(repr, "office.floor");
        Assert.Equal(NodeKind.Integer, floor.Kind);
        Assert.Equal((-2m, 60m), (floor.Minimum!.Value, floor.Maximum!.Value));
        Assert.Equal((2, 30), (Node(repr, "office.site").MinLength!.Value, Node(repr, "office.site").MaxLength!.Value));
        var amount = Node(repr, "salary.amount");
        Assert.Equal(0m, amount.Minimum);
        Assert.True(amount.ExclusiveMinimum);
        Assert.Equal(1000000m, amount.Maximum);
        Assert.Equal(["EUR", "USD", "GBP", "CHF"], Node(repr, "salary.currency").Enum!);
        Assert.True(Node(repr, "salary").Closed);
        Assert.True(Node(repr, "name").Closed);
    }

    [Fact]
    public void Employee_keeps_nullable_manager_unique_skills_and_dependencies()
    {
        var repr = SharedSchemas.Read("employee.schema.json");
        var manager = Node(repr, "manager_id");
        Assert.Equal(NodeKind.String, manager.Kind);
        Assert.True(manager.Nullable);
        Assert.Equal(["^E[0-9]{7}$"], manager.Patterns!);
        var skills = Node(repr, "skills");
        Assert.True(skills.UniqueItems);
        Assert.Equal((0, 5), (skills.MinOccurs!.Value, skills.MaxOccurs!.Value));
        Assert.Equal(7, Node(repr, "skills[]").Enum!.Count);
        Assert.Equal(["hired_on"], Node(repr, "left_on").DependentRequired!);
        Assert.Equal(["employee_id", "name", "hired_on", "employment"],
            repr.Roots[0].Children.Where(c => c.Required).Select(c => c.Name));
    }

    [Fact]
    public void Employee_if_part_time_then_weekly_hours_required_and_at_most_30()
    {
        var repr = SharedSchemas.Read("employee.schema.json");
        var conditional = Assert.Single(repr.Roots[0].Conditionals!);
        var test = Assert.Single(conditional.If);
        Assert.Equal("employment", test.Path);
        Assert.Equal("part_time", test.Const);
        Assert.True(test.Required);
        var hours = Assert.Single(conditional.Then!);
        Assert.Equal("weekly_hours", hours.Path);
        Assert.True(hours.Required);
        Assert.Equal((4m, 30m), (hours.Minimum!.Value, hours.Maximum!.Value));
        Assert.Null(conditional.Else);
        Assert.Equal(48m, Node(repr, "weekly_hours").Maximum); // outside the condition the base bound stands
    }

    [Fact]
    public void Invoice_has_one_root_in_its_target_namespace()
    {
        var repr = SharedSchemas.Read("invoice.xsd");
        Assert.Equal(SchemaLanguage.Xsd, repr.Language);
        Assert.Equal("urn:example:invoicing:1", repr.TargetNamespace);
        var root = Assert.Single(repr.Roots);
        Assert.Equal("InvoiceBatch", root.Path);
        Assert.Equal("urn:example:invoicing:1", root.Namespace);
        var version = Node(repr, "InvoiceBatch.@version");
        Assert.True(version.IsAttribute);
        Assert.True(version.Required);
        Assert.Equal("1.0", version.Fixed);
        Assert.Null(version.Namespace); // attributeFormDefault="unqualified"
    }

    [Fact]
    public void Invoice_lines_repeat_one_to_twenty_with_typed_attributes_and_facets()
    {
        var repr = SharedSchemas.Read("invoice.xsd");
        var invoice = Node(repr, "InvoiceBatch.Invoice");
        Assert.Equal((1, true), (invoice.MinOccurs!.Value, invoice.Unbounded));
        var line = Node(repr, "InvoiceBatch.Invoice[].Line");
        Assert.Equal((1, 20), (line.MinOccurs!.Value, line.MaxOccurs!.Value));
        Assert.True(line.Repeats);
        var lineNo = Node(repr, "InvoiceBatch.Invoice[].Line[].@lineNo");
        Assert.Equal(NodeKind.Integer, lineNo.Kind);
        Assert.Equal("unsignedShort", lineNo.XsdType);
        Assert.Equal((0m, 65535m), (lineNo.Minimum!.Value, lineNo.Maximum!.Value));
        var quantity = Node(repr, "InvoiceBatch.Invoice[].Line[].Quantity");
        Assert.Equal(("int", 1m, 500m), (quantity.XsdType, quantity.Minimum!.Value, quantity.Maximum!.Value));
        var price = Node(repr, "InvoiceBatch.Invoice[].Line[].UnitPrice");
        Assert.Equal(NodeKind.Number, price.Kind);
        Assert.Equal((0m, false, 1000000m, true), (price.Minimum!.Value, price.ExclusiveMinimum, price.Maximum!.Value, price.ExclusiveMaximum));
        Assert.Equal((9, 2), (price.TotalDigits!.Value, price.FractionDigits!.Value));
        var currency = Assert.Single(price.Children);
        Assert.Equal("InvoiceBatch.Invoice[].Line[].UnitPrice.@currency", currency.Path);
        Assert.Equal(["EUR", "USD", "GBP"], currency.Enum!);
        Assert.Equal(["0", "7", "19", "21"], Node(repr, "InvoiceBatch.Invoice[].Line[].TaxRate").Enum!);
        Assert.Equal((0, 3), (Node(repr, "InvoiceBatch.Invoice[].Note").MinOccurs!.Value,
            Node(repr, "InvoiceBatch.Invoice[].Note").MaxOccurs!.Value));
    }

    [Fact]
    public void Invoice_number_is_a_unique_key_with_its_pattern_and_status_has_a_default()
    {
        var repr = SharedSchemas.Read("invoice.xsd");
        var number = Node(repr, "InvoiceBatch.Invoice[].@number");
        Assert.True(number.UniqueInDocument);
        Assert.Equal(["INV-[0-9]{4}-[0-9]{6}"], number.Patterns!);
        Assert.Equal("xsd", number.PatternSyntax);
        var status = Node(repr, "InvoiceBatch.Invoice[].@status");
        Assert.Equal("open", status.Default);
        Assert.False(status.Required);
        Assert.Equal(["open", "paid", "overdue", "void"], status.Enum!);
    }

    [Fact]
    public void Invoice_customer_extends_party_and_payment_is_a_choice_group()
    {
        var repr = SharedSchemas.Read("invoice.xsd");
        var customer = Node(repr, "InvoiceBatch.Invoice[].Customer");
        Assert.Equal(["customerId", "Name", "VatId", "Address", "Email", "Segment"], customer.Children.Select(c => c.Name));
        var id = Node(repr, "InvoiceBatch.Invoice[].Customer.@customerId");
        Assert.Equal(("positiveInteger", 1m), (id.XsdType, id.Minimum!.Value));
        Assert.Equal(["consumer", "smb", "enterprise"], Node(repr, "InvoiceBatch.Invoice[].Customer.Segment").Enum!);
        var country = Node(repr, "InvoiceBatch.Invoice[].Customer.Address.Country");
        Assert.Equal((2, 2), (country.MinLength!.Value, country.MaxLength!.Value));
        Assert.Equal("token", Node(repr, "InvoiceBatch.Header.BatchId").XsdType);
        var choice = Node(repr, "InvoiceBatch.Invoice[].(CardPayment|BankTransfer)");
        Assert.Equal(NodeKind.Choice, choice.Kind);
        Assert.True(choice.IsGroup);
        Assert.Equal(["InvoiceBatch.Invoice[].CardPayment", "InvoiceBatch.Invoice[].BankTransfer"], choice.Children.Select(c => c.Path));
        Assert.Equal(["\\d{4}"], Node(repr, "InvoiceBatch.Invoice[].CardPayment.Last4").Patterns!);
    }

    [Fact]
    public void Library_author_ref_is_an_idref_to_the_author_id()
    {
        var repr = SharedSchemas.Read("library.xsd");
        Assert.Null(repr.TargetNamespace);
        var authorRef = Node(repr, "Library.Book[].@authorRef");
        Assert.Equal("IDREF", authorRef.XsdType);
        Assert.Equal("Library.Author[].@id", authorRef.References);
        var id = Node(repr, "Library.Author[].@id");
        Assert.True(id.UniqueInDocument);
        Assert.Null(id.Namespace);
        Assert.Equal(("true", NodeKind.Boolean), (Node(repr, "Library.Book[].@available").Default, Node(repr, "Library.Book[].@available").Kind));
    }

    [Fact]
    public void Library_reads_all_gyear_nillable_date_list_union_and_mixed()
    {
        var repr = SharedSchemas.Read("library.xsd");
        Assert.Equal(["id", "FullName", "Born", "Website"], Node(repr, "Library.Author").Children.Select(c => c.Name));
        var born = Node(repr, "Library.Author[].Born");
        Assert.Equal(("gYear", NodeKind.Date, 0), (born.XsdType, born.Kind, born.MinOccurs!.Value));
        Assert.Equal("anyURI", Node(repr, "Library.Author[].Website").XsdType);
        var published = Node(repr, "Library.Book[].Published");
        Assert.True(published.Nullable);
        Assert.True(published.Required);
        var price = Node(repr, "Library.Book[].Price");
        Assert.Equal((0m, true, 999.99m, 2), (price.Minimum!.Value, price.ExclusiveMinimum, price.Maximum!.Value, price.FractionDigits!.Value));
        Assert.Equal(["97[89]-\\d{1,5}-\\d{1,7}-\\d{1,6}-\\d"], Node(repr, "Library.Book[].Isbn").Patterns!);
        var keywords = Node(repr, "Library.Book[].Keywords");
        Assert.Equal("NCName", keywords.ListItem!.XsdType);
        var edition = Node(repr, "Library.Book[].Edition");
        Assert.Equal(2, edition.UnionMembers!.Count);
        Assert.Equal(("positiveInteger", 1m), (edition.UnionMembers[0].XsdType, edition.UnionMembers[0].Minimum!.Value));
        Assert.Equal(["first", "revised"], edition.UnionMembers[1].Enum!);
        Assert.True(Node(repr, "Library.Book[].Blurb").Mixed);
        Assert.True(Node(repr, "Library.Book[].Blurb.em").Unbounded);
    }

    [Fact]
    public void Library_recursive_sections_are_kept_once_with_a_marker()
    {
        var repr = SharedSchemas.Read("library.xsd");
        // Section is another element of Chapter's type: inside a Chapter it is already the recursion, with its own name
        // and occurrences and the Chapter's content.
        Assert.Null(Node(repr, "Library.Book[].Chapter").RecursesTo);
        var marker = Node(repr, "Library.Book[].Chapter[].Section");
        Assert.Equal("Library.Book[].Chapter", marker.RecursesTo);
        Assert.Equal(("Section", 0, 3), (marker.Name, marker.MinOccurs!.Value, marker.MaxOccurs!.Value));
        Assert.Empty(marker.Children);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Truncated);
    }
}
