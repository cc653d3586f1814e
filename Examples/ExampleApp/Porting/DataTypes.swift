import Foundation
import Peregrine

// `porting_app.py`, "extra data types: dates, times, durations, decimals, UUIDs".

@Model
struct Booking {
    var start: DateTime
    var end: DateTime? = nil
    var day: CalendarDate
    var at: TimeOfDay? = nil
    var duration: TimeDelta = .hours(1)
    /// `ExactDecimal` keeps the digits as sent, and computes as Python's `Decimal` does.
    @Field(ge: 0, maxDigits: 8, decimalPlaces: 2) var price: ExactDecimal
}

@Routes
struct DataTypes {
    /// Returns a dictionary, so the values are written as FastAPI's `jsonable_encoder` writes
    /// them: `+00:00` offsets, durations in seconds, decimals as numbers.
    @PUT("/bookings/{booking_id}")
    func putBooking(booking_id bookingID: UUID, booking: Booking) -> JSONValue {
        jsonableEncoder([
            "booking_id": bookingID, "start": booking.start, "ends": booking.end ?? booking.start + booking.duration,
            "day": booking.day, "weekday": booking.day.isoWeekday, "at": booking.at, "duration": booking.duration,
            "price": booking.price, "price_with_vat": booking.price * ExactDecimal("1.2")!,
        ])
    }

    @GET("/calendar/")
    func calendar(since: CalendarDate, until: CalendarDate? = nil, after: DateTime? = nil, every: TimeDelta? = nil) -> JSONValue {
        jsonableEncoder(["since": since, "until": until, "after": after, "every": every])
    }
}
