# Lambda data events for one function created in the same configuration: the ARN is known only after
# apply, but the field selector has its operator, so CloudTrail accepts the selectors.
resource "aws_lambda_function" "payments" {
  function_name = "payments"
  role          = "arn:aws:iam::111122223333:role/payments-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "payments.zip"
}

resource "aws_cloudtrail" "main" {
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "Invocations of the payments function"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
    field_selector {
      field  = "resources.ARN"
      equals = [aws_lambda_function.payments.arn]
    }
  }
}
