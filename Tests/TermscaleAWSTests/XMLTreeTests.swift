import Foundation
import TermscaleAWS
import TermscaleCore
import Testing

@Suite struct XMLTreeTests {
    /// A DescribeScheduledActions page as Auto Scaling sends it: namespace, `member` items,
    /// fractional-second timestamps, `NextToken`, request id.
    static let describePage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeScheduledActionsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
          <DescribeScheduledActionsResult>
            <ScheduledUpdateGroupActions>
              <member>
                <AutoScalingGroupName>exams</AutoScalingGroupName>
                <ScheduledActionName>exams-prewarm-20270112T0800</ScheduledActionName>
                <ScheduledActionARN>arn:aws:autoscaling:eu-west-2:123456789012:scheduledUpdateGroupAction:8e86b655-b2e6-4410-8f29-b4f094d6871c:autoScalingGroupName/exams:scheduledActionName/exams-prewarm-20270112T0800</ScheduledActionARN>
                <Time>2027-01-12T08:00:00Z</Time>
                <StartTime>2027-01-12T08:00:00.000Z</StartTime>
                <MinSize>4</MinSize>
                <MaxSize>12</MaxSize>
                <DesiredCapacity>6</DesiredCapacity>
              </member>
              <member>
                <AutoScalingGroupName>exams</AutoScalingGroupName>
                <ScheduledActionName>exams-release-20270112T1230 &amp; more</ScheduledActionName>
                <StartTime>2027-01-12T12:30:00.250Z</StartTime>
                <EndTime>2027-01-12T18:00:00Z</EndTime>
                <Recurrence>30 12 * * 1-5</Recurrence>
                <TimeZone>Europe/London</TimeZone>
                <MinSize>1</MinSize>
              </member>
            </ScheduledUpdateGroupActions>
            <NextToken>b5a2d2f4-6b0a-4c2e-9c1e-0f6a1d3e2b7c</NextToken>
          </DescribeScheduledActionsResult>
          <ResponseMetadata>
            <RequestId>3a1f2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b</RequestId>
          </ResponseMetadata>
        </DescribeScheduledActionsResponse>
        """

    @Test func readsADescribeScheduledActionsPage() throws {
        let root = try XMLTree.parse(Self.describePage)

        #expect(root.name == "DescribeScheduledActionsResponse")
        let members = root.all("DescribeScheduledActionsResult/ScheduledUpdateGroupActions/member")
        #expect(members.count == 2)
        #expect(
            members.map { $0.text("ScheduledActionName") } == [
                "exams-prewarm-20270112T0800", "exams-release-20270112T1230 & more",
            ])
        #expect(members[0].text("MinSize") == "4")
        #expect(members[0].text("MaxSize") == "12")
        #expect(members[0].text("DesiredCapacity") == "6")
        #expect(members[0].text("EndTime") == nil)
        #expect(members[1].text("Recurrence") == "30 12 * * 1-5")
        #expect(members[1].text("TimeZone") == "Europe/London")
        #expect(members[1].child("MaxSize") == nil)
        #expect(
            members[0].text("StartTime").flatMap(UTCFormat.parseRFC3339)
                == Date(timeIntervalSince1970: 1_799_740_800))
        #expect(
            members[1].text("StartTime").flatMap(UTCFormat.parseRFC3339)
                == Date(timeIntervalSince1970: 1_799_740_800 + 4.5 * 3600))
        #expect(root.text("DescribeScheduledActionsResult/NextToken") == "b5a2d2f4-6b0a-4c2e-9c1e-0f6a1d3e2b7c")
        #expect(root.text("ResponseMetadata/RequestId") == "3a1f2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b")
        #expect(root.path("DescribeScheduledActionsResult/Missing/member") == nil)
        #expect(root.all("DescribeScheduledActionsResult/Missing/member").isEmpty)
    }

    @Test func namespacePrefixesAreDroppedAndCDATAIsText() throws {
        let root = try XMLTree.parse(
            """
            <a:Root xmlns:a="urn:x"><a:Item>one</a:Item><Item><![CDATA[<two> & three]]></Item><Empty/></a:Root>
            """)
        #expect(root.name == "Root")
        #expect(root.children("Item").map(\.text) == ["one", "<two> & three"])
        #expect(root.text("Empty") == "")
    }

    @Test func malformedXMLThrowsWithTheLine() {
        #expect {
            try XMLTree.parse("<Response>\n  <Errors>\n    <Error>\n  </Errors>\n</Response>")
        } throws: { error in
            guard let error = error as? XMLParseError else { return false }
            return error.line == 4 && error.description.hasPrefix("XML line 4") && error.reason.contains("not well-formed")
        }
        #expect(throws: XMLParseError.self) { try XMLTree.parse("") }
        #expect(throws: XMLParseError.self) { try XMLTree.parse("<html><body>Bad Gateway") }
    }
}
