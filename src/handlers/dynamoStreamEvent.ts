import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { Schema } from "effect"
import type { DemandItem, ItemKey } from "../services/schemas/FanScoreItem.js"
import type { TableChange } from "../services/schemas/TableChange.js"

const Image = Schema.Record({ key: Schema.String, value: Schema.Object })

/** The part of a DynamoDB stream event (Lambda event source) the counter reads. */
export const DynamoStreamEvent = Schema.Struct({
  Records: Schema.Array(
    Schema.Struct({
      eventID: Schema.String,
      eventName: Schema.Literal("INSERT", "MODIFY", "REMOVE"),
      dynamodb: Schema.Struct({
        SequenceNumber: Schema.String,
        Keys: Image,
        NewImage: Schema.optional(Image),
        OldImage: Schema.optional(Image)
      })
    })
  )
})
export type DynamoStreamEvent = typeof DynamoStreamEvent.Type

const plain = (image: Record<string, object>) => unmarshall(image as Record<string, AttributeValue>) as DemandItem

/** Stream records with their images unmarshalled to plain JSON. */
export const tableChangesOf = (event: DynamoStreamEvent): Array<TableChange> =>
  event.Records.map(({ eventID, eventName, dynamodb }) => ({
    eventID,
    eventName,
    sequenceNumber: dynamodb.SequenceNumber,
    keys: plain(dynamodb.Keys) as ItemKey,
    ...(dynamodb.NewImage === undefined ? {} : { newImage: plain(dynamodb.NewImage) }),
    ...(dynamodb.OldImage === undefined ? {} : { oldImage: plain(dynamodb.OldImage) })
  }))

const marshalled = (item: object) => marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true })

/** A DynamoDB stream event for changes, shaped exactly as Lambda delivers one. */
export const dynamoStreamEventOf = (tableName: string, changes: ReadonlyArray<TableChange>, region = "us-east-1") => ({
  Records: changes.map((change) => ({
    eventID: change.eventID,
    eventName: change.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshalled({ PK: change.keys.PK, SK: change.keys.SK }),
      ...(change.newImage === undefined ? {} : { NewImage: marshalled(change.newImage) }),
      ...(change.oldImage === undefined ? {} : { OldImage: marshalled(change.oldImage) }),
      SequenceNumber: change.sequenceNumber,
      SizeBytes: 100,
      StreamViewType: "NEW_AND_OLD_IMAGES"
    },
    eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/${tableName}/stream/2026-01-01T00:00:00.000`
  }))
})
